"""A small high-precision evaluator for the checker: SymPy trees to mpmath numbers.

It walks the tree once with concrete values for every symbol, expands sums of concrete
length term by term, and draws a fresh random value for each input it meets (the same input
always gets the same value within one point). It never simplifies and never differentiates.
"""

from __future__ import annotations

import random

import mpmath
from sympy import (S, Abs, Add, And, Basic, DiracDelta, Expr, Float, Heaviside, Indexed, Integer, KroneckerDelta, Max,
                   Min, Mul, Not, Or, Piecewise, Pow, Rational, Sum, Symbol, UnevaluatedExpr, acos, acosh, acot, acoth, asin, asinh,
                   atan, atanh, cos, cosh, cot, coth, csc, csch, erf, exp, im, log, re, sec, sech, sign, sin, sinh,
                   sqrt, tan, tanh)
from sympy.core.function import AppliedUndef, Function
from sympy.core.numbers import NumberSymbol
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue


# functions of one argument that mpmath computes with the same principal branches as SymPy
FUNCTIONS = {
    sin: mpmath.sin, cos: mpmath.cos, tan: mpmath.tan, cot: mpmath.cot, sec: mpmath.sec, csc: mpmath.csc,
    asin: mpmath.asin, acos: mpmath.acos, atan: mpmath.atan, acot: mpmath.acot,
    sinh: mpmath.sinh, cosh: mpmath.cosh, tanh: mpmath.tanh, coth: mpmath.coth, sech: mpmath.sech,
    csch: mpmath.csch, asinh: mpmath.asinh, acosh: mpmath.acosh, atanh: mpmath.atanh, acoth: mpmath.acoth,
    erf: mpmath.erf, sign: mpmath.sign, re: mpmath.re, im: mpmath.im,
}

HUGE = 1_000_000  # exponents beyond this (e^(10^6) has 434,295 digits) make a point useless: another is drawn
GROWING = (sinh, cosh, tanh, coth, sech, csch)  # computed through e^u: the same bound on u
PERIODIC = (sin, cos, tan, cot, sec, csc)  # periodic along the real line, growing along the imaginary
# beyond this, the period of sin or e^(iu) cannot be resolved at the working precision, and
# reducing u modulo pi would work out pi to as many digits as u has: another point is drawn
TURNS = mpmath.mpf(10) ** 15


class NotNumeric(Exception):
    """The expression has no finite value at this point (or a part the evaluator cannot read)."""


class NoValue(NotNumeric):
    """The expression has no value at this point: a division by zero, the log of 0, a pole."""


class NoPiece(NoValue):
    """No piece of a Piecewise holds at the point: the function has no value there."""


class TooLarge(NotNumeric):
    """A value too large to evaluate at this point (e^(e^(e^x)) eight deep): real, but overflowing."""


class Point:
    """Values for the symbols of one random point; inputs get their values on first use."""

    def __init__(self, rng: random.Random, fixed: dict | None = None, low: float = -2.0, high: float = 2.0,
                 *, scattered: bool = False):
        self.rng, self.low, self.high, self.scattered = rng, low, high, scattered
        self.values: dict = dict(fixed or {})
        self.memo: dict = {}  # sub-expression -> value, for the one set of index values this point is used with

    def value(self, key):
        """The input's value: uniform in [low, high]; or, for a ``scattered`` point, each input at
        a scale of its own, from 0.03 to 10^4 (log-uniform) with either sign, so that one can lie
        near 3 while another is above 9 (y in [2.5, 3.3] and x > y^2)."""
        if key not in self.values:
            if self.scattered:
                magnitude = 10 ** self.rng.uniform(-1.5, 4)
                self.values[key] = mpmath.mpf(magnitude if self.rng.random() < 0.5 else -magnitude)
            else:
                self.values[key] = mpmath.mpf(self.rng.uniform(self.low, self.high))
        return self.values[key]


def _integer(value) -> int:
    if isinstance(value, Integer):
        return int(value)
    if isinstance(value, int):
        return value
    raise NotNumeric(f"index {value} is not a concrete integer")


def evaluate(expr: Basic, point: Point, bound: dict | None = None, memo: dict | None = None):
    """The value of ``expr`` at ``point`` (mpmath, at the current working precision).

    ``memo`` remembers the values of sub-expressions; pass it only for one fixed ``bound``.
    """
    if memo is None:
        return _evaluate(expr, point, bound or {})
    found = memo.get(expr, memo)  # ``memo`` itself: not worked out yet (a value is never a dict)
    if found is memo:
        found = memo[expr] = _evaluate(expr, point, bound or {}, memo)
    return found


def _evaluate(expr: Basic, point: Point, bound: dict, memo: dict | None = None):
    if isinstance(expr, Integer):
        return mpmath.mpf(int(expr))
    if isinstance(expr, Rational):
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if isinstance(expr, Float):
        return mpmath.mpf(expr._mpf_)
    if expr is S.ImaginaryUnit:
        return mpmath.mpc(0, 1)
    if isinstance(expr, NumberSymbol):
        return mpmath.mpf(expr.evalf(mpmath.mp.dps + 5)._mpf_)
    if isinstance(expr, Symbol):
        if expr in bound:
            return mpmath.mpf(bound[expr])
        return point.value(expr)
    if isinstance(expr, Indexed):
        indices = tuple(_integer(_index(index, bound)) for index in expr.indices)
        return point.value((expr.base, indices))
    if isinstance(expr, Add):
        return mpmath.fsum(evaluate(arg, point, bound, memo) for arg in expr.args)
    if isinstance(expr, Mul):
        result = mpmath.mpf(1)
        for arg in expr.args:
            result *= evaluate(arg, point, bound, memo)
        return result
    if isinstance(expr, Pow):
        base, power = evaluate(expr.base, point, bound, memo), evaluate(expr.exp, point, bound, memo)
        if base == 0 and mpmath.re(power) <= 0:
            raise NoValue("division by zero")
        exponent = power * mpmath.log(base) if base != 0 else 0  # base^power is e^exponent
        if abs(mpmath.re(exponent)) > HUGE or abs(mpmath.im(exponent)) > TURNS:
            raise TooLarge("a power too large to evaluate")
        return mpmath.power(base, power)
    if isinstance(expr, exp):
        argument = evaluate(expr.args[0], point, bound, memo)
        if abs(mpmath.re(argument)) > HUGE or abs(mpmath.im(argument)) > TURNS:
            raise TooLarge("an exponent too large to evaluate")
        return mpmath.exp(argument)
    if isinstance(expr, log) and len(expr.args) == 1:
        argument = evaluate(expr.args[0], point, bound, memo)
        if argument == 0:
            raise NoValue("log of zero")
        return mpmath.log(argument)
    if isinstance(expr, Abs):
        return abs(evaluate(expr.args[0], point, bound, memo))
    if type(expr) in FUNCTIONS:
        argument = evaluate(expr.args[0], point, bound, memo)
        if type(expr) in GROWING and (abs(mpmath.re(argument)) > HUGE  # sinh(sinh(sinh(sinh(4)))): e^(e^(10^11))
                                      or abs(mpmath.im(argument)) > TURNS):
            raise TooLarge(f"{type(expr).__name__} of an argument too large to evaluate")
        if type(expr) in PERIODIC and (abs(mpmath.re(argument)) > TURNS or abs(mpmath.im(argument)) > HUGE):
            raise TooLarge(f"{type(expr).__name__} of an argument too large to evaluate")
        if type(expr) is erf and mpmath.im(argument) != 0 and abs(argument) ** 2 > HUGE:  # e^(-u^2) off the line
            raise TooLarge("erf of a complex argument too large to evaluate")
        try:
            return FUNCTIONS[type(expr)](argument)
        except (ZeroDivisionError, ValueError) as error:  # a pole: tan at pi/2, coth at 0
            raise NoValue(f"{type(expr).__name__} has no value there") from error
    if isinstance(expr, (Heaviside, DiracDelta)):  # steps: only away from the jump, on the real line
        argument = evaluate(expr.args[0], point, bound, memo)
        if mpmath.im(argument) != 0 or (argument == 0 and isinstance(expr, DiracDelta)):
            raise NotNumeric(f"{type(expr).__name__} at 0 or off the real line")
        if isinstance(expr, DiracDelta):
            return mpmath.mpf(0)
        if argument == 0:  # SymPy's Heaviside(0) = 1/2: its derivative of max(f, g) where f = g on an interval
            return mpmath.mpf(1) / 2
        return mpmath.mpf(1 if mpmath.re(argument) > 0 else 0)  # an mpc with no imaginary part cannot be ordered
    if isinstance(expr, UnevaluatedExpr):
        return evaluate(expr.args[0], point, bound, memo)
    if isinstance(expr, KroneckerDelta):
        a, b = (_integer(_index(arg, bound)) for arg in expr.args)
        return mpmath.mpf(1 if a == b else 0)
    if isinstance(expr, Sum):
        return _evaluate_sum(expr, point, bound)
    if isinstance(expr, (Max, Min)):
        values = [_real(evaluate(arg, point, bound, memo)) for arg in expr.args]
        return max(values) if isinstance(expr, Max) else min(values)
    if isinstance(expr, Piecewise):
        for value, condition in expr.args:
            if holds(condition, point, bound, memo):
                return evaluate(value, point, bound, memo)
        raise NoPiece("no piece of the Piecewise holds")
    if isinstance(expr, Function) and not isinstance(expr, AppliedUndef):
        return _by_sympy(expr, [evaluate(arg, point, bound, memo) for arg in expr.args])
    raise NotNumeric(f"cannot evaluate {type(expr).__name__}")


def _by_sympy(expr: Basic, values: list):
    """A function the table above does not hold (gamma, polygamma, a user's special function):
    SymPy's own numerical evaluation at the argument values, to the working precision."""
    arguments = [Float(mpmath.nstr(value, mpmath.mp.dps), mpmath.mp.dps) if mpmath.im(value) == 0
                 else None for value in values]
    if any(argument is None for argument in arguments):
        raise NotNumeric(f"{type(expr).__name__} off the real line")
    value = expr.func(*arguments).evalf(mpmath.mp.dps)
    if not value.is_number or value.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity):
        raise NotNumeric(f"{type(expr).__name__} has no value there")
    real, imaginary = value.as_real_imag()
    if not (real.is_Float or real.is_Integer or real.is_Rational) or not imaginary.is_zero:
        raise NotNumeric(f"{type(expr).__name__} has no real value there")
    return mpmath.mpf(str(real.evalf(mpmath.mp.dps)))


def _index(index: Basic, bound: dict) -> Basic:
    if isinstance(index, (Integer, int)):
        return index
    if index in bound:
        return Integer(bound[index])
    return index.xreplace({symbol: Integer(value) for symbol, value in bound.items()})


def _real(value):
    if mpmath.im(value) != 0:
        raise NotNumeric("a comparison off the real line")
    return mpmath.re(value)


COMPARE = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
           "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def holds(condition: Basic, point: Point, bound: dict | None = None, memo: dict | None = None) -> bool:
    """Whether ``condition`` (relations joined by and, or, not) holds at ``point``.

    Relations between indices are decided by the index values in ``bound``; relations between
    real inputs (x > 0) by their values at the point.
    """
    bound = bound or {}
    if isinstance(condition, (BooleanTrue, BooleanFalse)):
        return bool(condition)
    if isinstance(condition, And):
        return all(holds(part, point, bound, memo) for part in condition.args)
    if isinstance(condition, Or):
        return any(holds(part, point, bound, memo) for part in condition.args)
    if isinstance(condition, Not):
        return not holds(condition.args[0], point, bound, memo)
    if isinstance(condition, Relational) and condition.rel_op in COMPARE:
        decided = condition.xreplace({symbol: Integer(value) for symbol, value in bound.items()})
        if isinstance(decided, (BooleanTrue, BooleanFalse)):
            return bool(decided)
        left, right = (_real(evaluate(side, point, bound, memo)) for side in condition.args)
        return COMPARE[condition.rel_op](left, right)
    raise NotNumeric(f"cannot decide {condition}")


def _evaluate_sum(expr: Sum, point: Point, bound: dict):
    if len(expr.limits) != 1:
        raise NotNumeric("multiple sums")
    (l, a, b), = expr.limits
    low, high = _integer(_index(a, bound)), _integer(_index(b, bound))
    total = mpmath.mpf(0)
    for value in range(low, high + 1):
        total += evaluate(expr.function, point, {**bound, l: value})
    return total


ROUNDING = mpmath.mpf(10) ** -30  # a value this small may be a 0 lost in rounding


def real_throughout_at(expr: Basic, point: Point, bound: dict | None = None) -> bool:
    """Whether every part of ``expr`` that varies has a real value at ``point`` (the derivative
    over the reals is taken where the function and each part of it are real), and nothing is
    divided by, or has its log taken of, a 0 lost in rounding: sin^2 x + cos^2 x - 1 is 0
    exactly but evaluates to about 1e-42, and its log or reciprocal at such a point is no number.
    The parts of a sum's summand are the sum's: they vary with its index."""
    bound = bound or {}
    for node in parts(expr):
        if mpmath.im(evaluate(node, point, bound, point.memo)) != 0:
            return False
        singular = singular_at_zero(node)
        if singular is not None and singular.free_symbols:
            value = evaluate(singular, point, bound, point.memo)
            if value != 0 and abs(value) < ROUNDING:
                return False
    return True


def parts(expr: Basic):
    """The parts of ``expr`` that vary, each once: every sub-expression with an input in it, down to
    the sums and indexed inputs (a summand's parts vary with the summation index: the sum is the part)."""
    stack, seen = [expr], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, Expr) and not node.is_Atom and node.free_symbols:
            yield node
        if not isinstance(node, (Sum, Indexed)):
            stack.extend(arg for arg in node.args if isinstance(arg, Basic))


def singular_at_zero(node: Basic) -> Basic | None:
    """The part of ``node`` that must not be 0: the argument of a log, the base of a power with
    an exponent that is not a positive whole number."""
    if isinstance(node, log):
        return node.args[0]
    if isinstance(node, Pow) and not (node.exp.is_Integer and node.exp > 0):
        return node.base
    return None


def close(a, b, digits: int) -> bool:
    scale = max(mpmath.mpf(1), abs(a), abs(b))
    return abs(a - b) <= scale * mpmath.mpf(10) ** (-(digits - 6))


__all__ = ["NotNumeric", "Point", "close", "evaluate", "holds", "sqrt"]
