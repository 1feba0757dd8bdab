"""SymPy's quirks, worked around in one place (the time bounds themselves are in `derive.rules.limits`).

Held constants. SymPy evaluates a node whenever it is built, and some constants make that
evaluation run for minutes: rebuilding log(u)/log((1/27)^(asin(pi)^2)), or a Heaviside over a
sum holding log(acos(pi)), asks whether a complex constant is real, positive, comparable, and
works it out to ever higher precision. A constant's derivative is 0 whatever its value, so
differentiating with each constant part held as a symbol of its own, then putting the constants
back without evaluating, gives the same derivative without that work (`hold_constants`,
`put_back`).

Real comparisons. The checker draws real points only, but SymPy takes a symbol without
assumptions to be complex: its derivative of Abs(x) is then made of re and im. `real_derivative`
differentiates as if every input were real, within its time bound, with the constants held
past it.
"""

from __future__ import annotations

import functools

from sympy import Basic, Derivative, Dummy, Expr, Symbol, UnevaluatedExpr
from sympy import evaluate as sympy_evaluate

from derive.rules.limits import DIFF_SECONDS, within


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


@functools.lru_cache(maxsize=4096)  # a pure function of its arguments; a derivation's steps ask for the same ones
def real_derivative(expr: Basic, *variable_count) -> Basic:
    """SymPy's derivative of ``expr`` as if every input were real (`plain_real_derivative`).

    Past DIFF_SECONDS, it is worked out again with every constant part such as log(acos(pi))
    held as an opaque symbol, and the constants put back unevaluated: SymPy differentiates
    Min(log(acos(pi))^(3/2)*cos(y)^(3/2), ...) into a Heaviside whose construction asks
    whether a sum holding that complex constant is real, which it works out for minutes.
    Nothing is lost: a constant's derivative is 0, whatever its value."""
    return within(DIFF_SECONDS, "sympy.diff", lambda: plain_real_derivative(expr, *variable_count),
                  lambda _: _with_constants_held(expr, variable_count))


def _with_constants_held(expr: Basic, variable_count) -> Basic:
    held, constants = hold_constants(expr)
    return put_back(plain_real_derivative(held, *variable_count), constants)


def plain_real_derivative(expr: Basic, *variable_count) -> Basic:
    """SymPy's derivative of ``expr``, taken as if every input without assumptions were real.

    The checker draws real points only. SymPy differentiates ``Abs(x)`` for a complex ``x``
    into re, im and their derivatives; for a real ``x`` into ``sign(x)``, which is what the
    value at a real point needs. The inputs are swapped for real stand-ins while SymPy works,
    then swapped back, so the same input still gets the same value.
    """
    real = {symbol: real_stand_in(symbol) for symbol in expr.free_symbols
            if isinstance(symbol, Symbol) and symbol.is_real is None}
    # deep=False: the expression is differentiated as it stands; SymPy would first try to sum
    # every sum in closed form (Gosper's algorithm on sums of N terms), which took most of the time
    # of a layer's checks and changes no value
    if not real:
        return _differentiated(expr, variable_count)
    back = {stand_in: symbol for symbol, stand_in in real.items()}
    counts = [(variable.xreplace(real), count) for variable, count in variable_count]
    return _differentiated(expr.xreplace(real), counts).xreplace(back)


def _differentiated(expr: Basic, variable_count) -> Basic:
    """The derivative worked out as the expression stands; where that leaves a derivative or a
    held part unworked (a part in brackets, UnevaluatedExpr), SymPy's deep evaluation after all."""
    worked = Derivative(expr, *variable_count).doit(deep=False)
    if worked.has(Derivative, UnevaluatedExpr):
        worked = Derivative(expr, *variable_count).doit()
    return worked


@functools.lru_cache(maxsize=1024)
def real_stand_in(symbol: Symbol) -> Dummy:
    """The same real stand-in for ``symbol`` every time, so that SymPy's cache knows its derivatives."""
    return Dummy(symbol.name, real=True)


def worked_derivative(expr: Basic, *variable_count) -> Basic:
    """`real_derivative`, or the derivative left unworked where SymPy refuses to work it out
    (Heaviside(atanh(pi) - x), a step function of a complex number): no point can be evaluated
    with an unworked derivative, so nothing is compared with it."""
    try:
        return real_derivative(expr, *variable_count)
    except (ValueError, TypeError, NotImplementedError):
        return Derivative(expr, *variable_count)
