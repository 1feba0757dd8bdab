"""Small structural helpers shared by the rules: reading a node's shape, never changing meaning."""

from __future__ import annotations

from sympy import Basic, Derivative, Expr, Indexed, Integer, Mul, Pow, S, Symbol, UnevaluatedExpr
from sympy.core.numbers import Number


def derivative_parts(node: Basic, of: type | tuple[type, ...] = ()) -> tuple[Expr, Expr] | None:
    """``(f, x)`` when ``node`` is the first derivative d f / d x (of an ``f`` of the type ``of``,
    when given), else ``None``."""
    if not isinstance(node, Derivative):
        return None
    args = node.args  # (f, (x, count), ...): read directly, as variable_count builds a list each time
    if len(args) != 2:
        return None
    x, count = args[1].args
    if count is not S.One or (of and not isinstance(args[0], of)):
        return None
    return args[0], x


def d(f: Expr, x: Expr) -> Expr:
    """The unevaluated derivative d f / d x."""
    return Derivative(f, x, evaluate=False)


def hold(expr: Expr) -> Expr:
    """``expr`` kept as written: SymPy will not merge it into the product around it."""
    if expr.is_Atom or isinstance(expr, (Indexed, UnevaluatedExpr)):
        return expr
    return UnevaluatedExpr(expr)


def unhold(expr: Basic) -> Basic:
    return expr.args[0] if isinstance(expr, UnevaluatedExpr) else expr


def factors(expr: Expr) -> list[Expr]:
    return list(Mul.make_args(expr))


def numerator_denominator(expr: Expr) -> tuple[Expr, Expr]:
    """Split a product into (numerator, denominator) by the sign of integer exponents.

    Unlike ``sympy.fraction`` this never rewrites the factors: ``e^{-x}`` stays upstairs.
    """
    upstairs, downstairs = [], []
    for factor in factors(expr):
        if isinstance(factor, Pow) and factor.exp.is_Number and factor.exp.is_negative:
            downstairs.append(Pow(factor.base, -factor.exp))
        else:
            upstairs.append(factor)
    return Mul(*upstairs), Mul(*downstairs)


def is_number(expr: Basic) -> bool:
    return isinstance(expr, Number)


def may_equal(a: Basic, b: Basic) -> bool:
    """Whether two index expressions can take the same value (two distinct integers cannot)."""
    if a == b:
        return True
    if isinstance(a, Integer) and isinstance(b, Integer):
        return False
    return True


def same_input_possible(candidate: Indexed, x: Indexed) -> bool:
    return (candidate.base == x.base and len(candidate.indices) == len(x.indices)
            and all(may_equal(a, b) for a, b in zip(candidate.indices, x.indices)))


def depends_on(expr: Basic, x: Expr) -> bool:
    """Whether ``expr`` may change when ``x`` changes, by index reasoning, not tree search.

    ``e^{z_j}`` may depend on ``z_k``: ``j`` and ``k`` can be equal. ``e^{z_1}`` cannot depend on ``z_2``.
    """
    if isinstance(x, Indexed):
        return any(same_input_possible(atom, x) for atom in expr.atoms(Indexed))
    if isinstance(x, Symbol):
        return x in expr.free_symbols
    return expr.has(x)


def varies(expr: Basic, x: Expr, context) -> bool:
    """`depends_on`, where a named part kept under the derivative (``context.kept``: mu, whose
    derivative is proven on its own) is read through its definition: mu holds no x, yet varies."""
    if depends_on(expr, x):
        return True
    if not context.kept or not any(expr.find(definition.is_instance) for definition in context.definitions
                                   if definition.name in context.kept):
        return False
    for _ in context.definitions:  # each pass writes out one more level of names
        before = expr
        for definition in context.definitions:
            expr = definition.unfold(expr)
        if expr == before:
            break
    return depends_on(expr, x)
