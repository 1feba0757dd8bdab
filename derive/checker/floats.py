"""The checker's fast screen: a SymPy tree evaluated in double precision at thousands of points at once.

Each node is worked out once for all the points (numpy arrays, one entry a point), with an
estimate of its rounding error: the relative error in units of the machine epsilon that the
node's value may carry (forward error analysis: a sum of nearly cancelling terms, the exponential
of a large argument, a function near a pole lose digits). The screen decides at the many points
where few digits are lost; a point where the sides differ by more than rounding explains, or where
too many digits are lost to tell, is left to the 30-digit evaluator (`derive.numeric`).

Semantics are those of SymPy's principal branches over the reals: a value that is not real (the
square root of a negative number, asin(2)), infinite or undefined is NaN, and a point where a
part of the function is NaN is not a point of its real domain. Nothing is simplified or
differentiated here.
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
from sympy import (S, Abs, Add, And, Basic, DiracDelta, Float, Heaviside, Indexed, Integer, KroneckerDelta, Max,
                   Min, Mul, Not, Or, Piecewise, Pow, Rational, Sum, Symbol, UnevaluatedExpr, acos, acosh, acot, acoth,
                   acsc, acsch, asec, asech, asin, asinh, atan, atanh, cos, cosh, cot, coth, csc, csch, erf, exp,
                   im, log, polygamma, re, sec, sech, sign, sin, sinh, tan, tanh)
from sympy.core.function import AppliedUndef, Function
from sympy.core.numbers import NumberSymbol
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from .digits import parts as varying_parts
from .digits import singular_at_zero

EPS = float(np.finfo(float).eps)
TINY = 1e-250  # below this, a double has lost digits to underflow
STEP = 1e-7  # the relative step of the numerical derivative that estimates a function's condition


class _Quiet:
    """NumPy's warnings off (NaN and infinity are values here, not errors) for the outermost
    evaluation only: entering np.errstate at every node of a tree costs more than the node."""

    depth, saved = 0, None

    def __enter__(self):
        if not self.depth:
            self.saved = np.seterr(all="ignore")
        self.depth += 1

    def __exit__(self, *_):
        self.depth -= 1
        if not self.depth:
            np.seterr(**self.saved)


QUIET = _Quiet()


class Unsupported(Exception):
    """A node the screen cannot evaluate in floats (the 30-digit evaluator is used instead)."""


def _erf(u):
    return np.frompyfunc(math.erf, 1, 1)(u).astype(float)


def _reciprocal(function):
    return lambda u: function(1.0 / u)


def _acot(u):  # SymPy's acot(x) = atan(1/x), with acot(0) = pi/2
    with np.errstate(divide="ignore"):
        return np.where(u == 0, math.pi / 2, np.arctan(1.0 / u))


# functions of one real argument, NaN where SymPy's value is not real
UNARY = {
    sin: np.sin, cos: np.cos, tan: np.tan, cot: lambda u: 1.0 / np.tan(u), sec: lambda u: 1.0 / np.cos(u),
    csc: lambda u: 1.0 / np.sin(u), asin: np.arcsin, acos: np.arccos, atan: np.arctan, acot: _acot,
    asec: _reciprocal(np.arccos), acsc: _reciprocal(np.arcsin),
    sinh: np.sinh, cosh: np.cosh, tanh: np.tanh, coth: lambda u: 1.0 / np.tanh(u),
    sech: lambda u: 1.0 / np.cosh(u), csch: lambda u: 1.0 / np.sinh(u), asinh: np.arcsinh, acosh: np.arccosh,
    atanh: np.arctanh, acoth: _reciprocal(np.arctanh), asech: _reciprocal(np.arccosh),
    acsch: _reciprocal(np.arcsinh), erf: _erf, exp: np.exp, re: lambda u: u, im: lambda u: np.zeros_like(u),
}
# |f'(u)| from f's value, for the common functions (the others by a central difference)
SLOPES = {
    np.sin: lambda u, value: np.abs(np.cos(u)), np.cos: lambda u, value: np.abs(np.sin(u)),
    np.tan: lambda u, value: 1.0 + value * value, np.tanh: lambda u, value: 1.0 - value * value,
    np.sinh: lambda u, value: np.cosh(u), np.cosh: lambda u, value: np.abs(np.sinh(u)),
    np.arctan: lambda u, value: 1.0 / (1.0 + u * u), np.arcsinh: lambda u, value: 1.0 / np.sqrt(1.0 + u * u),
}
# the functions the screen evaluates with NumPy itself (the others value by value, by mpmath)
NATIVE = frozenset(UNARY) | {Abs, sign, Heaviside, DiracDelta, Max, Min, Piecewise, log, exp, KroneckerDelta}
COMPARE = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
           ">=": np.greater_equal}


class Columns:
    """The values of the inputs at every point (an array each, one entry a point) under concrete
    values of the indices and lengths (``bound``), and the memo of every node already worked
    out, shared by all the expressions evaluated at these points.

    ``draw(key)`` gives the column of an input met for the first time: a Symbol, or for an
    indexed input z_{j} the pair (z, (value of j,)), as in `derive.numeric.Point`."""

    def __init__(self, size: int, draw, bound: dict | None = None, inputs: dict | None = None):
        self.size, self.draw = size, draw
        self.bound = dict(bound or {})
        self.inputs = inputs if inputs is not None else {}  # shared with the columns of a summand
        self.memo: dict = {}
        self.seen: dict = {}  # id(tree) -> (the tree, its memo entry): a tree met again costs no comparison
        self.terms: dict = {}  # (summation index, its value) -> the columns of a summand there
        self.overflowed = np.zeros(size, dtype=bool)  # where some part came out infinite: too large, not unreal
        self.underflowed = np.zeros(size, dtype=bool)  # where some part fell below the doubles: 0/0 is no verdict

    def column(self, key) -> np.ndarray:
        if key not in self.inputs:
            self.inputs[key] = self.draw(key)
        return self.inputs[key]

    def index(self, index: Basic) -> int:
        if isinstance(index, Integer):
            return int(index)
        if index in self.bound:
            return int(self.bound[index])
        value = index.xreplace({symbol: Integer(v) for symbol, v in self.bound.items()})
        if not isinstance(value, Integer):
            raise Unsupported(f"index {index} is not concrete")
        return int(value)

    def value(self, expr: Basic) -> tuple[np.ndarray, np.ndarray]:
        """(value, error): the value at each point, NaN where it is not real or not finite, and
        a bound on the absolute rounding error it may carry, in units of the machine epsilon."""
        seen = self.seen.get(id(expr))
        if seen is not None and seen[0] is expr:  # this very tree again: no comparison of trees needed
            return seen[1]
        found = self.memo.get(expr)  # an equal tree met before (compared node by node) or none
        if found is None:
            with QUIET:  # NaN and infinity are values here, not errors
                value, error = self._value(expr)
                value = _full(value, self.size)
                finite = np.isfinite(value)
                if not finite.all():
                    self.overflowed |= np.isinf(value)
                    value = np.where(finite, value, np.nan)
                error = _full(np.fmin(error, np.inf), self.size)  # NaN (an error not known) as infinite
            found = self.memo[expr] = (value, error)
        self.seen[id(expr)] = (expr, found)  # holding expr: its id is not reused while the entry stands
        return found

    def real_throughout(self, expr: Basic) -> np.ndarray:
        """Where every part of ``expr`` that varies is real and finite (the function's real domain),
        and nothing is divided by, or has its log taken of, a 0 lost in rounding (sin^2 x + cos^2 x - 1
        is 0 exactly, about 1e-16 in doubles)."""
        return self.real_share(expr) == 1.0

    def real_share(self, expr: Basic) -> np.ndarray:
        """The share of the parts of ``expr`` that are real there (1 in the real domain)."""
        parts = list(varying_parts(expr))
        if not parts:  # a lone input: real everywhere
            return np.ones(self.size)
        real = np.zeros(self.size)
        for node in parts:
            fine = ~np.isnan(self.value(node)[0])
            singular = singular_at_zero(node)
            if singular is not None and singular.free_symbols:
                u, e = self.value(singular)
                fine &= np.abs(u) > 8 * EPS * e
            real += fine
        return real / len(parts)

    def holds(self, condition: Basic) -> np.ndarray:
        """Where ``condition`` holds (False where it cannot be decided, a side not being real)."""
        if isinstance(condition, (BooleanTrue, BooleanFalse)) or condition in (True, False):
            return np.full(self.size, bool(condition))
        if isinstance(condition, And):
            return np.logical_and.reduce([self.holds(part) for part in condition.args])
        if isinstance(condition, Or):
            return np.logical_or.reduce([self.holds(part) for part in condition.args])
        if isinstance(condition, Not):
            inner = condition.args[0]
            return ~self.holds(inner) & self.decidable(inner)
        if isinstance(condition, Relational) and condition.rel_op in COMPARE:
            decided = condition.xreplace({symbol: Integer(v) for symbol, v in self.bound.items()})
            if isinstance(decided, (BooleanTrue, BooleanFalse)):
                return np.full(self.size, bool(decided))
            (left, _), (right, _) = self.value(condition.lhs), self.value(condition.rhs)
            with np.errstate(invalid="ignore"):
                return np.broadcast_to(COMPARE[condition.rel_op](left, right), (self.size,)).copy()
        raise Unsupported(f"cannot decide {condition}")

    def decidable(self, condition: Basic) -> np.ndarray:
        sides = [side for relation in condition.atoms(Relational) for side in relation.args]
        ok = np.ones(self.size, dtype=bool)
        for side in sides:
            ok &= ~np.isnan(self.value(side)[0])
        return ok

    def _value(self, expr: Basic):
        if _constant_part(expr):
            value = _constant(expr)
            return value, abs(value)
        if isinstance(expr, Symbol):
            if expr in self.bound:
                return float(self.bound[expr]), 0.0
            if expr.is_integer:
                raise Unsupported(f"no value for the index {expr}")
            return self.column(expr), 0.0
        if isinstance(expr, Indexed):
            return self.column((expr.base, tuple(self.index(i) for i in expr.indices))), 0.0
        if isinstance(expr, KroneckerDelta):
            return float(self.index(expr.args[0]) == self.index(expr.args[1])), 0.0
        if isinstance(expr, Sum):
            return self._sum(expr)
        if isinstance(expr, Add):
            values, errors = zip(*(self.value(arg) for arg in expr.args))
            total, error = _added(values), _added(errors)
            return total, error + len(values) * np.abs(total)
        if isinstance(expr, Mul):
            values, errors = zip(*(self.value(arg) for arg in expr.args))
            product = _multiplied(values)
            error = np.abs(product) * len(values)
            unsure = [position for position, part in enumerate(errors) if part.any()]
            if 0 < len(unsure) <= 2:  # each factor's error times the product of the others
                for position in unsure:
                    others = [np.abs(v) for n, v in enumerate(values) if n != position]
                    error = error + errors[position] * _multiplied(others)
            elif unsure:  # the same, by products from either end: n, not n^2, operations per point
                sizes = np.array(np.broadcast_arrays(*[np.abs(np.asarray(v, dtype=float)) for v in values]))
                before, after = np.empty_like(sizes), np.empty_like(sizes)
                before[0], after[-1] = 1.0, 1.0
                np.cumprod(sizes[:-1], axis=0, out=before[1:])
                np.cumprod(sizes[:0:-1], axis=0, out=after[-2::-1])
                for position in unsure:
                    error = error + errors[position] * before[position] * after[position]
            # a factor that is exactly 0 with no error (the derivative of a step away from its
            # jump) makes the product exactly 0, however unsure the other, finite, factors are
            error = error + self._lost(product, values)
            zero = product == 0  # (where a factor is exactly 0 and the others finite, the product is 0)
            if zero.any():
                exact_zero = np.zeros(self.size, dtype=bool)
                for v, e in zip(values, errors):
                    exact_zero |= (v == 0) & (e == 0)
                error = np.where(exact_zero & zero, 0.0, error)
            return product, error
        if isinstance(expr, Pow):
            return self._power(expr)
        if isinstance(expr, log) and len(expr.args) == 1:
            u, e = self.value(expr.args[0])
            value = np.log(np.where(u > 0, u, np.nan))
            return value, e / np.abs(u) + np.abs(value)
        if isinstance(expr, Abs):
            return tuple(np.abs(part) if n == 0 else part for n, part in enumerate(self.value(expr.args[0])))
        if isinstance(expr, (sign, Heaviside, DiracDelta)):
            u, e = self.value(expr.args[0])
            unsure = np.where((np.abs(u) <= 8 * EPS * e) & (u != 0), np.inf, 0.0)  # a sign lost in rounding
            if isinstance(expr, sign):
                return np.sign(u), unsure
            if isinstance(expr, DiracDelta):
                return np.where(u != 0, 0.0, np.nan), unsure
            # SymPy's Heaviside(0) = 1/2: its derivative of max(f, g) where f = g on an interval is (f' + g')/2
            return np.where(u > 0, 1.0, np.where(u < 0, 0.0, np.where(u == 0, 0.5, np.nan))), unsure
        if type(expr) in UNARY and len(expr.args) == 1:
            return self._unary(UNARY[type(expr)], expr.args[0])
        if isinstance(expr, (Max, Min)):
            values, errors = zip(*(self.value(arg) for arg in expr.args))
            stacked = np.array(values)
            pick = (np.argmax if isinstance(expr, Max) else np.argmin)(np.nan_to_num(stacked, nan=0.0), axis=0)
            columns = np.arange(self.size)
            value = np.where(np.isnan(stacked).any(axis=0), np.nan, stacked[pick, columns])
            return value, np.max(np.array(errors), axis=0)
        if isinstance(expr, Piecewise):
            value, error = np.full(self.size, np.nan), np.zeros(self.size)
            open_ = np.ones(self.size, dtype=bool)
            for piece, relation in expr.args:
                here = open_ & self.holds(relation)
                if here.any():
                    v, e = self.value(piece)
                    value, error = np.where(here, v, value), np.where(here, e, error)
                open_ &= ~here & self.decidable(relation)
            return value, error
        if isinstance(expr, UnevaluatedExpr):
            return self.value(expr.args[0])
        if isinstance(expr, polygamma) and expr.args[0].is_Integer and expr.args[0] >= 0:
            return self._unary(_polygamma(int(expr.args[0])), expr.args[1])
        if isinstance(expr, Function) and not isinstance(expr, AppliedUndef) and len(expr.args) == 1:
            function = getattr(mpmath, type(expr).__name__.lower(), None)
            if callable(function):  # gamma, loggamma, digamma, erfc, ...: mpmath at double precision
                return self._unary(_by_mpmath(function), expr.args[0])
        raise Unsupported(f"cannot evaluate {type(expr).__name__} in floats")

    def _lost(self, value, parts):
        """`_underflow`, remembering where it happened."""
        error = _underflow(value, parts)
        if type(error) is np.ndarray:
            self.underflowed |= error > 0
        return error

    def _sum(self, expr: Sum):
        if len(expr.limits) != 1:
            raise Unsupported("a sum over several indices at once")
        (l, low, high), = expr.limits
        values, errors = [], []
        for n in range(self.index(low), self.index(high) + 1):
            term = self.terms.get((l, n))
            if term is None:  # the columns of l = n, shared by every sum over l here, with their memo
                term = self.terms[l, n] = Columns(self.size, self.draw, {**self.bound, l: n}, self.inputs)
            v, e = term.value(expr.function)
            self.overflowed |= term.overflowed
            self.underflowed |= term.underflowed
            values.append(v)
            errors.append(e)
        if not values:
            return 0.0, 0.0
        total = np.sum(values, axis=0)
        return total, np.sum(errors, axis=0) + len(values) * np.abs(total)

    def _power(self, expr: Pow):
        base, e_base = self.value(expr.base)
        if not expr.exp.free_symbols:
            power = float(_constant(expr.exp))
            if math.isnan(power):  # x^atanh(9): a power that is real nowhere
                return np.full(self.size, np.nan), np.zeros(self.size)
            if float(power).is_integer():
                value = np.power(base, power)
            else:  # a fractional power of a negative number is not real (SymPy's principal root)
                value = np.power(np.where(base >= 0, base, np.nan), power)
            if power < 0:
                value = np.where(base == 0, np.nan, value)
            error = 2 * np.abs(value) + self._lost(value, (base,))
            if power == 0 or not e_base.any():  # an exact base spreads no error
                return value, error
            # the slope |p base^(p-1)|, finite at base = 0 for p >= 1 (0^2 has slope 0, not 0/0)
            slope = np.abs(power) * np.power(np.abs(base), power - 1)
            spread = np.where(e_base == 0, 0.0, slope * e_base)  # an exact base spreads no error, even where the slope is infinite
            return value, spread + error
        exponent, e_exp = self.value(expr.exp)
        safe = np.where((base > 0) | ((base == 0) & (exponent > 0)), base, np.nan)
        value = np.power(safe, exponent)
        error = (np.abs(exponent * value / base) * e_base + np.abs(value * np.log(np.abs(base))) * e_exp
                 + 2 * np.abs(value))
        return value, error + self._lost(value, (base,))

    def _unary(self, function, argument: Basic):
        u, e = self.value(argument)
        value = function(u)
        if function is np.exp:
            return value, np.abs(value) * (e + 1) + self._lost(value, ())
        if not e.any():  # an exact argument: the value's own rounding is all its error
            return value, 2 * np.abs(value)
        slope = SLOPES.get(function)
        if slope is not None:  # the slope |f'(u)| from its formula
            slope = slope(u, value)
        else:  # by a central difference
            h = STEP * np.where(u != 0, np.abs(u), 1.0)
            slope = np.abs(function(u + h) - function(u - h)) / (2 * h)
        slope = np.fmin(slope, np.inf)  # NaN (a slope not known) as infinite
        return value, slope * e + 2 * np.abs(value)


@functools.lru_cache(maxsize=64)
def _by_mpmath(function):
    """``function`` of mpmath, over an array, NaN where its value is not a finite real number."""
    def one(u):
        try:
            value = function(u)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return math.nan
        return float(value) if mpmath.im(value) == 0 and mpmath.isfinite(value) else math.nan

    vectorised = np.frompyfunc(one, 1, 1)
    return lambda u: np.asarray(vectorised(u), dtype=float)


def _added(values) -> np.ndarray:
    """The sum of the arrays in turn (as NumPy's sum over a stack of them, without the stack)."""
    total = values[0] + values[1] if len(values) > 1 else values[0]
    for value in values[2:]:
        total += value
    return total


def _multiplied(values) -> np.ndarray:
    """The product of the arrays in turn (as NumPy's product over a stack of them, without the stack)."""
    product = values[0] * values[1] if len(values) > 1 else values[0]
    for value in values[2:]:
        product *= value
    return product


@functools.lru_cache(maxsize=16)
def _polygamma(order: int):
    """The polygamma function of one ``order`` (digamma at 0), over an array, by mpmath."""
    return _by_mpmath(lambda u: mpmath.polygamma(order, u))


def _full(value, size: int) -> np.ndarray:
    return value if np.ndim(value) == 1 else np.full(size, float(value))


def _underflow(value: np.ndarray, parts) -> np.ndarray:
    """The error of a result that fell below the range of doubles (a product of small factors,
    e^(-800)): at most the smallest normal double, in units of the machine epsilon."""
    small = (np.abs(value) < TINY)
    if not small.any():
        return 0.0
    for part in parts:
        small &= np.asarray(part) != 0
    return np.where(small, TINY / EPS, 0.0)


@functools.lru_cache(maxsize=8192)
def _constant_part(expr: Basic) -> bool:
    """Whether ``expr`` holds no input and no index (SymPy works its free symbols out anew each time)."""
    return not expr.free_symbols


@functools.lru_cache(maxsize=4096)
def _constant(expr: Basic) -> float:
    """A constant part's value as a float, worked out at 30 digits (it may pass through complex
    numbers and come out real: |atanh(2)|); NaN where it is not real or not finite."""
    if isinstance(expr, Integer):
        value = float(int(expr)) if abs(int(expr)) < 2 ** 1000 else math.nan
    elif isinstance(expr, (Rational, Float)):
        value = float(expr)
    elif isinstance(expr, NumberSymbol):
        value = float(expr)
    else:
        from .digits import NotNumeric, Point, evaluate

        try:
            with mpmath.workdps(40):
                number = evaluate(expr, Point(None))
            value = float(number) if mpmath.im(number) == 0 else math.nan
        except (NotNumeric, ZeroDivisionError, ValueError, OverflowError, TypeError):
            value = math.nan
    if expr is S.ComplexInfinity or expr is S.NaN:
        value = math.nan
    return value
