"""derive: symbolic derivations, step by step, every step checked.

    >>> import derive
    >>> d = derive.softmax()
    >>> d.verified
    True
    >>> d.unified
    (KroneckerDelta(j, k) - S[i, k])*S[i, j]
"""

from __future__ import annotations

from typing import Sequence

from sympy import Expr

from rules import Definition, Rule

from .catalog import softmax
from .checker import seeded
from .engine import DerivationError, NoRuleApplies, NotReal, Route, TooSlow, derive as run_route
from .inputs import BadExpression
from .parse import ParseError
from .records import Case, Check, Derivation, Step, Verification
from .routes import ROUTES, route_named
from .verify import verify


def differentiate(expr: Expr, wrt: Expr, *, route: str | Route = "quotient",
                  definitions: Sequence[Definition] = (), check: bool = True) -> Derivation:
    """Derive d expr / d wrt step by step with the rules of ``route``, and verify every step.

    ``expr`` and ``wrt`` are SymPy objects, or text read by the same whitelist as the command
    line (``"x**2*sin(x)"``, ``"z[k]"``): text never reaches SymPy's ``sympify``, which would run
    it. Raises `BadExpression` (a ValueError) for anything else, for text the whitelist refuses
    and for an expression undefined everywhere (a division by zero); `NoRuleApplies` naming the
    sub-expression no rule covers; `NotReal` when the function compares values that are not real
    numbers (a region cannot be made of them); and `TooSlow` when the derivation runs past its
    time bound.
    """
    chosen = route_named(route)
    derivation = run_route(expr, wrt, chosen, definitions=definitions, title="The derivative")
    return verify(derivation) if check else derivation


__all__ = [
    "BadExpression", "Case", "Check", "Definition", "ParseError", "Derivation", "DerivationError", "NoRuleApplies", "NotReal", "ROUTES", "Route", "TooSlow",
    "Rule", "Step", "Verification", "differentiate", "seeded", "softmax", "verify",
]
