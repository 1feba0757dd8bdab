"""derive: symbolic derivations, step by step, every step checked.

    >>> import derive
    >>> d = derive.softmax()
    >>> d.verified
    True
    >>> d.unified
    (KroneckerDelta(j, k) - S[i, k])*S[i, j]
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Sequence

__version__ = "0.1.0"

# The public names, each imported from its room on first use: `import derive` stays cheap (the
# command line's --help and --version never import SymPy), and `derive.softmax()` works as before.
PUBLIC = {
    "BadExpression": "derive.readers.inputs",
    "Case": "derive.engine.records",
    "Check": "derive.engine.records",
    "Definition": "derive.rules",
    "Derivation": "derive.engine.records",
    "DerivationError": "derive.engine.run",
    "DeriveError": "derive.errors",
    "NoRuleApplies": "derive.engine.run",
    "NotReal": "derive.engine.run",
    "ParseError": "derive.readers.text",
    "ROUTES": "derive.engine.routes",
    "Route": "derive.engine.run",
    "Rule": "derive.rules",
    "Step": "derive.engine.records",
    "TooSlow": "derive.engine.run",
    "Verification": "derive.engine.records",
    "route_named": "derive.engine.routes",
    "seeded": "derive.checker",
    "softmax": "derive.functions.softmax",
    "verify": "derive.checker.checks",
}

if TYPE_CHECKING:  # pragma: no cover
    from sympy import Expr

    from derive.engine.records import Derivation
    from derive.engine.run import Route
    from derive.rules import Definition


def __getattr__(name: str):
    if name in PUBLIC:
        value = getattr(import_module(PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'derive' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | set(PUBLIC))


def differentiate(expr: Expr, wrt: Expr, *, route: str | Route = "quotient",
                  definitions: Sequence[Definition] = (), check: bool = True, order: int = 1) -> Derivation:
    """Derive d expr / d wrt step by step with the rules of ``route``, and verify every step.

    ``order`` n > 1 derives order by order, each order from the verified result of the one
    before (`derive.engine.orders`); the steps run through every order, each marked with its
    ``stage``, and the result is the derivative of order n.

    ``expr`` and ``wrt`` are SymPy objects, or text read by the same whitelist as the command
    line (``"x**2*sin(x)"``, ``"z[k]"``): text never reaches SymPy's ``sympify``, which would run
    it. Raises `BadExpression` (a ValueError) for anything else, for text the whitelist refuses
    and for an expression undefined everywhere (a division by zero); `NoRuleApplies` naming the
    sub-expression no rule covers; `NotReal` when the function compares values that are not real
    numbers (a region cannot be made of them); and `TooSlow` when the derivation runs past its
    time bound.
    """
    from derive.checker.checks import verify
    from derive.engine.routes import route_named
    from derive.engine.lemmas import derive_with_lemmas

    chosen = route_named(route)
    if order != 1 or type(order) is not int:  # True is 1 to Python, but no order
        from derive.engine.orders import derive_orders

        derivation = derive_orders(expr, wrt, chosen, order, confirm=verify if check else None,
                                   definitions=definitions, title="The derivative")
    else:
        derivation = derive_with_lemmas(expr, wrt, chosen, definitions=definitions, title="The derivative",
                                        confirm=verify if check else None)
    return verify(derivation) if check else derivation


def gradient(expr: Expr, variables, *, route: str | Route = "quotient", definitions: Sequence[Definition] = (),
             check: bool = True):
    """Every first partial derivative of ``expr`` by ``variables`` (a sequence, or text such as
    ``"x, y"``), each derived step by step and verified: a `derive.engine.several.Gradient`."""
    return _several("gradient", expr, variables, route, definitions, check)


def hessian(expr: Expr, variables, *, route: str | Route = "quotient", definitions: Sequence[Definition] = (),
            check: bool = True):
    """Every second partial derivative, each the derivative of a verified first partial: a
    `derive.engine.several.Hessian`."""
    return _several("hessian", expr, variables, route, definitions, check)


def _several(kind: str, expr, variables, route, definitions, check):
    from derive.checker.checks import verify
    from derive.engine import several
    from derive.engine.routes import route_named
    from derive.readers import inputs

    if isinstance(variables, str):
        variables = [part for part in variables.split(",") if part.strip()]
    expr = inputs.expression(expr)
    chosen = [inputs.variable(variable) for variable in variables]
    return getattr(several, kind)(expr, chosen, route_named(route), confirm=verify if check else (lambda d: d),
                                  definitions=definitions)


__all__ = ["__version__", "differentiate", "gradient", "hessian", *sorted(PUBLIC)]
