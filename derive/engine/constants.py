"""Constant parts held as symbols while SymPy works, and put back afterwards.

SymPy evaluates a node whenever it is built, and some constants make that evaluation run for
minutes: rebuilding log(u)/log((1/27)^(asin(pi)^2)), or a Heaviside over a sum holding
log(acos(pi)), asks whether a complex constant is real, positive, comparable, and works it out
to ever higher precision. A constant's derivative is 0 whatever its value, so differentiating
with each constant part held as a symbol of its own, then putting the constants back without
evaluating, gives the same derivative without that work.
"""

from __future__ import annotations

from sympy import Basic, Derivative, Dummy, Expr
from sympy import evaluate as sympy_evaluate


def hold_constants(expr: Basic) -> tuple[Basic, dict]:
    """``expr`` with each largest constant part that is not a lone number or named constant
    (1/log(acos(pi)), sqrt(2), pi/2) swapped for a symbol of its own, the rest left as it was written;
    and the map from each symbol back to its constant, for `put_back`."""
    constants: dict = {}

    def hold(node: Basic) -> Basic:
        if node.is_Atom or isinstance(node, Derivative):
            return node
        if isinstance(node, Expr) and not node.free_symbols:
            return constants.setdefault(node, Dummy("c"))
        new = [hold(arg) for arg in node.args]
        if all(a is b for a, b in zip(new, node.args)):
            return node
        with sympy_evaluate(False):  # as written: put back, the expression is the one given
            return node.func(*new)

    held = hold(expr)
    return held, {stand_in: constant for constant, stand_in in constants.items()}


def put_back(expr: Basic, held: dict) -> Basic:
    """``expr`` with the held constants back in place, nothing evaluated on the way."""
    if not held:
        return expr
    with sympy_evaluate(False):
        return expr.xreplace(held)
