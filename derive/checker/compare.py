"""The one comparison loop: are two expressions equal at every point the checker looks at?

For every pattern of indices the case allows (see `points`), both sides are evaluated in
double precision at all the points at once (`floats`). Where they agree within the rounding
each side may carry, the point counts as equal. A point where they differ by more, and a few
points drawn at random in every instance, are evaluated again at 30 digits (`derive.numeric`);
a difference that stays when the precision is raised is a counterexample, one that shrinks with
it was rounding. So rounding alone never fails a true step, and never passes a false one.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import mpmath
import numpy as np
from sympy import Basic

from derive.engine.records import NO_REAL_VALUE

from .digits import NotNumeric, NoValue, Point, evaluate, real_throughout_at
from .floats import EPS, QUIET, Unsupported
from .points import Instance, Pattern, scale_of

DIGITS = 30
SCREEN = 1e-9  # relative difference the screen lets pass beyond the rounding estimate
BLIND = 1e-6  # a value whose estimated rounding error is beyond this is not decided by the screen
CONFIRM = 1  # points of each comparison confirmed at 30 digits whatever the screen says
BLIND_BUDGET = 1  # points the screen could not decide, evaluated at 30 digits, per comparison
BLIND_ONLY = 24  # the same when the screen could decide no point at all (both sides 0 by cancellation)
MAX_DIGITS = 600  # a point that needs more to be decided is not counted
UNDEFINED_BUDGET = 6  # points where the screen found a side with no real value, evaluated at 30 digits
OVERFLOW_RANKS = (0.05, 0.3)  # where the function overflowed doubles: the points at these
# ranks by size, evaluated at 30 digits
TINY_DOUBLE = float(np.finfo(float).tiny)
MARGIN_BUDGET = 2  # points the screen passed by the most times their rounding (within SCREEN), to 30 digits


@dataclass(frozen=True)
class Evidence:
    """What the comparison found: ``equal`` True (at every point), False (a counterexample),
    None (no point could be compared: it proves nothing either way)."""

    equal: bool | None
    points: int = 0  # points at which the two sides were compared and agreed (or the first that did not)
    confirmed: int = 0  # of them, evaluated at 30 digits
    lengths: tuple[int, ...] = ()
    patterns: tuple[tuple[tuple, ...], ...] = ()
    scales: tuple[float, float] = (math.nan, math.nan)
    counterexample: tuple[tuple[str, str], ...] = ()
    values: tuple[str, str] = ()
    missed: tuple[tuple[str, int], ...] = ()
    undefined: str = ""  # with equal False: the side ("before", "after") with no real value at the counterexample


@dataclass
class _Tally:
    points: int = 0
    confirmed: int = 0
    low: float = math.inf
    high: float = 0.0
    lengths: set = field(default_factory=set)
    patterns: list = field(default_factory=list)
    missed: Counter = field(default_factory=Counter)

    def scale(self, sizes: tuple[float, float]) -> None:
        low, high = sizes
        if high > 0:
            self.low, self.high = min(self.low, low), max(self.high, high)

    def counterexample(self, instance: Instance, position: int, values, undefined: str = "") -> Evidence:
        """The evidence of a point confirmed at 30 digits where the two sides differ."""
        self.points += 1
        self.confirmed += 1
        if instance.pattern.length:
            self.lengths.add(instance.pattern.length)
        self.patterns.append(instance.pattern.groups)
        return self.evidence(False, describe(instance, position), values, undefined)

    def evidence(self, equal, counterexample=(), values=(), undefined: str = "") -> Evidence:
        scales = (self.low, self.high) if self.high > 0 else (math.nan, math.nan)
        return Evidence(equal, self.points, self.confirmed, tuple(sorted(self.lengths)),
                        tuple(dict.fromkeys(self.patterns)), scales, counterexample, values,
                        tuple(sorted(self.missed.items())), undefined)


def at_30_digits(a: Basic, b: Basic, instance: Instance, position: int, domain: Basic | None,
                 error: float = 1.0):
    """Both sides at one point, at 30 digits and beyond: True (equal to 30 digits), False (a
    difference far above the rounding of the precision used, the same when the precision rises,
    at a point of the function's real domain), None (not decided: no value there, or a difference
    still within rounding at `MAX_DIGITS`).

    ``error`` is the screen's bound on the rounding of both sides, in units of the last digit: the
    same count of roundings costs ``error`` * 10^-p at p digits, so a difference is real only well
    above it; otherwise the precision rises to resolve it (1 - sigma(486) needs 250 digits)."""
    values = {key: mpmath.mpf(value) for key, value in instance.point(position).items()}
    bound = instance.pattern.bound
    error = error if math.isfinite(error) and error > 1 else (1.0 if math.isfinite(error) else 1e30)
    precision, previous, was_within = DIGITS + 10, None, False
    while precision <= MAX_DIGITS:
        with mpmath.workdps(precision):
            # one point per position and precision, with its memo: the steps of a derivation share
            # most of their parts, so a point confirmed for one step costs little for the next
            point = instance.points.get((position, precision))
            if point is None:
                point = instance.points[(position, precision)] = Point(None, fixed=dict(values))
            try:
                left, right = evaluate(a, point, bound, point.memo), evaluate(b, point, bound, point.memo)
            except (NotNumeric, ZeroDivisionError, ValueError, OverflowError):
                return None, ()
            if not (mpmath.isfinite(left) and mpmath.isfinite(right)):
                return None, ()
            difference = abs(left - right)
            if difference <= max(abs(left), abs(right)) * mpmath.mpf(10) ** -DIGITS:
                return True, ()
            noise = mpmath.mpf(error) * mpmath.mpf(10) ** (5 - precision)
            within = difference <= noise
            if within and was_within:
                # within the rounding of both sides at two precisions 20 or more digits apart: what
                # is left is rounding (two sides that are 0 by cancellation, sec^2 - tan^2 - 1); a
                # real difference would have stood above the second, smaller bound
                return True, ()
            was_within = within
            if difference > noise * 10 ** 6 and previous is not None \
                    and abs(difference - previous) <= difference * mpmath.mpf(10) ** -6:
                try:
                    real = domain is None or real_throughout_at(domain, point, bound)
                except (NotNumeric, ZeroDivisionError, ValueError, OverflowError):
                    real = False
                return (False, (_shown(left), _shown(right))) if real else (None, ())
            previous = difference
            lost = int(mpmath.ceil(mpmath.log10(noise * 10 ** 6 / difference))) if difference else 40
            precision += 20 + max(lost, 0)
    return None, ()


def undefined_at_30_digits(a: Basic, b: Basic, defined, instance: Instance, position: int,
                           domain: Basic | None):
    """At a point where the function is real but the screen found a side of the step with no real
    value: the side ("before" or "after") that has none at 30 digits there, with the other side's
    value; None when both have one after all (a 0/0 of underflowing doubles) or it cannot be told."""
    values = {key: mpmath.mpf(value) for key, value in instance.point(position).items()}
    bound = instance.pattern.bound
    with mpmath.workdps(DIGITS + 10):
        point = instance.points.get((position, DIGITS + 10))
        if point is None:
            point = instance.points[(position, DIGITS + 10)] = Point(None, fixed=dict(values))
        try:
            if domain is None or not real_throughout_at(domain, point, bound):
                return None  # not a point of the function's real domain at 30 digits after all
            for side, expr in (("before", a), ("after", b), *defined):
                if _imaginary(expr, values, bound):
                    other = b if side == "before" else a
                    try:
                        shown = _shown(evaluate(other, point, bound, point.memo))
                    except (NotNumeric, ZeroDivisionError, ValueError, OverflowError):
                        shown = NO_REAL_VALUE
                    return side, ((NO_REAL_VALUE, shown) if side == "before" else (shown, NO_REAL_VALUE))
        except (NotNumeric, ZeroDivisionError, ValueError, OverflowError):
            return None
    return None


def _shown(value) -> str:
    """A value to 12 digits: a complex one with no imaginary part as the real number it is."""
    return mpmath.nstr(mpmath.re(value) if mpmath.im(value) == 0 else value, 12)


def _imaginary(expr: Basic, values: dict, bound: dict) -> bool:
    """Whether the value of ``expr`` at the point is not real: an imaginary part the same at two
    precisions 40 digits apart (a square root of a 0 that rounding made negative has one at the
    first only, of the size of the rounding), or no value at all. The value as a whole: a part
    that is not real times a 0 (log(x^-3) times the derivative of a step, away from the step)
    leaves it real."""
    sizes = []
    for precision in (DIGITS + 10, DIGITS + 50):
        with mpmath.workdps(precision):
            point = Point(None, fixed={key: mpmath.mpf(value) for key, value in values.items()})
            try:
                value = evaluate(expr, point, bound, point.memo)
            except NoValue:  # a division by zero, a pole, a piecewise function none of whose pieces holds
                sizes.append(mpmath.inf)
                continue
            sizes.append(abs(mpmath.im(value)) / max(1, abs(value)))
    first, second = sizes
    if mpmath.isinf(first) or mpmath.isinf(second):
        return bool(first == second)
    return bool(first > 0 and second > 0 and abs(first - second) <= first / 10)


def describe(instance: Instance, position: int) -> tuple[tuple[str, str], ...]:
    """The point: lengths and index values, then the inputs' values."""
    fixed = [(str(symbol), str(value)) for symbol, value in instance.pattern.values]
    inputs = sorted((_name(key), mpmath.nstr(mpmath.mpf(value), 10)) for key, value in instance.point(position).items())
    return tuple(fixed + inputs)


def _size(instance: Instance, position: int) -> float:
    return max((abs(column[position]) for column in instance.columns.inputs.values()), default=0.0)


def _name(key) -> str:
    if isinstance(key, tuple):
        base, indices = key
        return f"{base}[{', '.join(map(str, indices))}]"
    return str(key)


class Points(Sequence):
    """The points (n, position) of the n-th instance at each of its ``positions``, in order, as one
    sequence to draw from, without a pair made for every point (there may be thousands)."""

    def __init__(self, positions: list[np.ndarray]):
        self.positions = positions
        self.ends = list(itertools.accumulate(len(found) for found in positions))

    def __len__(self) -> int:
        return self.ends[-1] if self.ends else 0

    def __getitem__(self, index: int) -> tuple[int, int]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        n = bisect.bisect_right(self.ends, index)
        return n, int(self.positions[n][index - (self.ends[n - 1] if n else 0)])


def compare(a: Basic, b: Basic, instances: list[Instance], domain: Basic | None,
            rng: random.Random, confirm: int = CONFIRM, defined=()) -> Evidence:
    """Whether ``a`` and ``b`` agree at every usable point of every instance (`Evidence`).
    ``confirm``: the points the screen decided that are evaluated at 30 digits all the same, in
    case rounding misled it into passing a false claim (none when the claim is already proven
    symbolically: there is nothing false to pass). Every point the screen finds different or
    cannot decide is evaluated at 30 digits whatever ``confirm`` says.

    A step is a claim wherever the function is real: a point there where a side has no real value
    (2 log x for log x^2, at x < 0) is a counterexample, not a point left out. ``defined``: more
    (side, expression) pairs that must be real there too, such as the function under a derivative
    of a side as written (the derivative worked out may be real where that function is not).

    Raises `Unsupported` when the screen cannot evaluate a side (the caller then evaluates at
    30 digits only, at fewer points)."""
    tally = _Tally()
    screened, gaps, margins = [], [], []
    for instance in instances:
        tally.missed.update(instance.missed)
        if not instance.usable.any():
            continue
        left, e_left = instance.columns.value(a)
        right, e_right = instance.columns.value(b)
        with QUIET:
            difference = np.abs(left - right)  # NaN where a side has no value (NaN stands for that)
            usable = instance.usable & ~np.isnan(difference)
            for _, part in defined:
                try:
                    usable &= ~np.isnan(instance.columns.value(part)[0])
                except Unsupported:  # a part the screen cannot read: 30 digits decide at the points chosen below
                    pass
            lost = instance.usable & ~usable
            if lost.any():
                if domain is not None:  # where the function is real, nothing overflowed and a side has no value
                    missing = np.nonzero(lost & ~instance.columns.overflowed & ~instance.columns.underflowed)[0]
                    gaps += [(_size(instance, int(p)), len(screened), int(p)) for p in missing]
                tally.missed["undefined or overflowing"] += int(lost.sum())
            rounding = 8 * EPS * (e_left + e_right)
            size_left, size_right = np.abs(left), np.abs(right)
            size = np.maximum(size_left, size_right)
            agree = difference <= SCREEN * size + rounding  # (a difference of 0 always: 0 <= anything but NaN)
            # where either side may have lost more than a millionth of itself to rounding, the
            # screen cannot tell: that point is left to 30 digits, or not counted
            blind = ((EPS * e_left > BLIND * size_left) | (EPS * e_right > BLIND * size_right)) & usable
            relative = difference / size
        decided = usable & agree & ~blind
        # a point the screen cannot certify equal may still differ far beyond the error either side may
        # carry (0 +- 1e-240 against 1, where one side underflowed): it is suspicious, not blind
        beyond = usable & ~agree & (~blind | (difference > 64 * rounding))
        screened.append((instance, decided, np.nonzero(beyond)[0],
                         np.nonzero(blind & (difference != 0))[0], relative, (left, right, e_left, e_right),
                         np.nonzero(blind)[0]))
        # passed, but by more than the rounding explains (within SCREEN): a slip of 1e-12 on x > 3 only
        passed = np.nonzero(decided & (difference > rounding))[0]
        if passed.size:  # the ones passed by the most times their rounding first (a slip, not noise)
            excess = difference[passed] / np.maximum(rounding[passed], TINY_DOUBLE)
            top = np.argpartition(-excess, MARGIN_BUDGET - 1)[:MARGIN_BUDGET] if passed.size > MARGIN_BUDGET \
                else np.arange(passed.size)
            margins.extend((len(screened) - 1, int(passed[t]), -float(excess[t])) for t in top)
    gaps.sort()  # the smallest inputs first: the easiest to read, and the farthest from underflow
    extra = [0] * len(screened)
    for _, n, position in gaps[:UNDEFINED_BUDGET]:
        instance = screened[n][0]
        found = undefined_at_30_digits(a, b, defined, instance, position, domain)
        if found is None:  # both sides have a real value there after all: compared at 30 digits instead
            verdict, values = at_30_digits(a, b, instance, position, domain)
            if verdict is True:
                tally.confirmed += 1
                extra[n] += 1
            if verdict is not False:
                continue
            found = ("", values)
        side, values = found
        return tally.counterexample(instance, position, values, side)
    # at 30 digits: every point the screen found different, the most different first (a false step
    # fails at the first of them); a few it could not decide; a few it decided, as a spot check
    # (a difference of more than 100% counts as the largest; of those, at the shortest length and with
    # the smallest inputs first, the easiest to read as a counterexample)
    queue = [(-min(float(relative[p]), 1.0), instance.pattern.length or 0, _size(instance, int(p)), n, int(p))
             for n, (instance, _, suspicious, _, relative, _, _) in enumerate(screened) for p in suspicious]
    queue.sort()
    blind_points = Points([blind for _, _, _, blind, _, _, _ in screened])
    agreed = [(n, int(p)) for n, (_, decided, _, _, _, _, _) in enumerate(screened) for p in np.nonzero(decided)[0][:16]]
    chosen = [(n, p) for *_, n, p in queue]
    budget = BLIND_BUDGET
    if not agreed:  # the screen decided nothing: every point it could not read is a candidate, even
        # one where both sides came out the same in doubles (two sides that are 0 by cancellation)
        budget = BLIND_ONLY
        blind_points = Points([every for *_, every in screened])
    chosen += rng.sample(blind_points, min(budget, len(blind_points)))
    known = [(n, p) for n, p in agreed if (p, DIGITS + 10) in screened[n][0].points]  # evaluated before: cheap
    spot = (known + rng.sample(agreed, min(confirm, len(agreed))))[:confirm]
    if confirm:  # not when the two sides are proven equal symbolically: nothing false is left to pass
        margins.sort(key=lambda found: found[2])  # (n, position, -excess): the largest excess first
        spot += [(n, p) for n, p, _ in margins[:MARGIN_BUDGET] if (n, p) not in spot]
    for n, position in chosen + spot:
        instance, sides = screened[n][0], screened[n][5]
        error = float(sides[2][position] + sides[3][position])
        verdict, values = at_30_digits(a, b, instance, position, domain, error)
        if verdict is False:
            return tally.counterexample(instance, position, values)
        if verdict is True:
            tally.confirmed += 1
            if (n, position) not in spot:
                extra[n] += 1
        elif (n, position) in spot:  # not a point of the real domain at 30 digits after all
            extra[n] -= 1
    # last, where the function itself overflowed doubles (x^1000 at |x| > 2.1), no point was usable: a few
    # of them at 30 digits, from the smallest inputs up (the larger, the likelier too large for any
    # precision: e^(e^x) at x > 13.8), spread over the sizes (where a case's region must hold, none:
    # its relation cannot be read there in doubles either)
    # (none when the sides are proven equal symbolically, ``confirm`` 0: nothing false is left to pass)
    overflowed = sorted((_size(instance, int(p)), n, int(p)) for n, (instance, *_) in enumerate(screened)
                        if instance.region is None and confirm
                        for p in np.nonzero(instance.columns.overflowed & ~instance.usable)[0])
    tried = sorted({int(rank * (len(overflowed) - 1)) for rank in OVERFLOW_RANKS}) if overflowed else []
    for _, n, position in (overflowed[rank] for rank in tried):
        instance = screened[n][0]
        verdict, values = at_30_digits(a, b, instance, position, domain)
        if verdict is False:
            return tally.counterexample(instance, position, values)
    for (instance, decided, *_), more in zip(screened, extra):
        counted = int(decided.sum()) + more
        if counted <= 0:
            continue
        tally.points += counted
        if instance.pattern.length:
            tally.lengths.add(instance.pattern.length)
        tally.patterns.append(instance.pattern.groups)
        tally.scale(instance.sizes(decided))
    return tally.evidence(True if tally.points else None)


__all__ = ["DIGITS", "Evidence", "Pattern", "Unsupported", "compare", "describe", "scale_of"]
