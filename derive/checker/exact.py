"""The comparison at 30 digits only, for what the float screen cannot read (a function it has
no double-precision version of, a sum over several indices at once): fewer points, drawn in
rising and falling ranges and climbed to in a narrow region, each evaluated by `derive.numeric`."""

from __future__ import annotations

import functools
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import mpmath
from sympy import And, Basic, Expr, preorder_traversal

from .digits import NotNumeric, Point, TooLarge, close, evaluate, holds, real_throughout_at
from derive.show import show_text
from .points import index_holds, index_symbols, real_part
from .points import length_symbols as length_symbols_of

DIGITS = 30
STEP_LENGTHS = (2, 3, 5)
ASSIGNMENTS_PER_LENGTH = 3
REGION_PATIENCE = 200  # evaluations per point wanted when a region is asked for
SEARCH_BUDGET = 700  # draws per point wanted in the search for points in a region and the real domain
# the ranges +-s a patient search draws from, 8 points each; None: each input at a scale of its own
SPREADS = (2.0, 4.0, 1.0, None, 8.0, 0.5, 16.0, None, 32.0, 64.0, 128.0, None, 512.0, 2048.0, 8192.0, None)


def assignments(indices: Sequence, n: int, case: Basic | None, rng: random.Random, limit: int) -> list[dict]:
    """Up to ``limit`` assignments of values 1..n to the index symbols that satisfy ``case``.

    All-equal and all-different assignments come first when they are allowed, so that a shared
    step is checked both where j = k and where j != k.
    """
    if not indices:
        return [{}]
    every, equal, different = _all_assignments(tuple(indices), n, case)
    chosen = [group[rng.randrange(len(group))] for group in (equal, different) if group]
    for position in rng.sample(range(len(every)), len(every)):
        if len(chosen) >= limit:
            break
        if every[position] not in chosen:
            chosen.append(every[position])
    return chosen[:limit]


@functools.lru_cache(maxsize=256)
def _all_assignments(indices: tuple, n: int, case: Basic | None):
    """Every assignment of 1..n to ``indices`` that satisfies ``case``; the all-equal and
    all-different ones apart."""
    every = [dict(zip(indices, values)) for values in itertools.product(range(1, n + 1), repeat=len(indices))]
    every = [a for a in every if index_holds(case, a)]
    equal = [a for a in every if len(set(a.values())) == 1]
    different = [a for a in every if len(set(a.values())) == len(indices)]
    return every, equal, different


class Sampler:
    """The random points of one verification, shared by all its steps.

    The same index values and the same input values are drawn for every step under the same
    case, so the value of a sub-expression that several steps share is computed once.
    """

    def __init__(self, seed: int = 0, domain: Basic | None = None):
        self.seed = seed
        self.domain = domain  # the function differentiated: a point must make each of its parts real
        self.points: dict = {}
        self.choices: dict = {}
        self.found: dict = {}  # (index values, region) -> _Search
        self.parts: list | None = None  # the parts of the domain that vary, once asked for

    def assignments(self, indices: Sequence, n: int, case: Basic | None, limit: int) -> list[dict]:
        key = (tuple(indices), n, case, limit)
        if key not in self.choices:
            rng = random.Random(f"{self.seed}|{indices}|{n}|{case}|{limit}")
            self.choices[key] = assignments(indices, n, case, rng, limit)
        return self.choices[key]

    def point(self, bound: dict, attempt: int, *, patient: bool = False) -> Point:
        """The point for these index values; later attempts draw values closer to 0, or, when
        ``patient`` (a case whose region a point must fall in, such as x > 2), from wider and
        narrower ranges in turn, eight points each: +-2, +-4, +-1, then each input at a scale of its
        own, +-8, +-0.5, +-16, ... +-8192."""
        key = (tuple(sorted(bound.items(), key=str)), attempt, patient)
        if key not in self.points:
            spread = SPREADS[(attempt - 1) // 8 % len(SPREADS)] if patient else 2.0 / attempt
            rng = random.Random(f"{self.seed}|{key}")
            self.points[key] = (Point(rng, scattered=True) if spread is None
                                else Point(rng, low=-spread, high=spread))
        return self.points[key]

    def search(self, bound: dict, condition: Basic | None) -> "_Search":
        """The search for usable points for these index values and this region, shared by every
        step under the same case."""
        key = (tuple(sorted(bound.items(), key=str)), condition)
        if key not in self.found:
            self.found[key] = _Search(wide=condition is not None, rng=random.Random(f"{self.seed}|{key}|near"))
        return self.found[key]

    def usable(self, bound: dict, condition: Basic | None, budget: int):
        """The points, in order, that lie in the region ``condition`` and make every part of the
        function real: drawn once for the case and shared by every step under it, so a narrow
        region (x in (-1, -0.94)) is searched for once, with ``budget`` draws at most.

        The first draws come closer to 0; once a point falls outside the region or the real
        domain (sqrt(x - 1) at x < 1), the draws range wider and narrower in turn, and every
        other draw is made near the best point so far: the one that satisfies the most relations
        of the region, then makes the most parts of the function real. A region a random draw
        rarely hits (1 < x - (1 + y)^(3/2) < 1.54 with acos z below it) is climbed to."""
        search = self.search(bound, condition)
        position = 0
        while True:
            if position < len(search.points):
                yield search.points[position]
                position += 1
                continue
            if search.drawn >= budget:
                return
            search.drawn += 1
            if search.best is not None and search.drawn % 2 == 0:
                point = search.near(search.best)
            else:
                point = self.point(bound, search.drawn, patient=search.wide)
            if search.wide:
                score = self.closeness(point, bound, condition)
                if search.best is None or score >= search.best_score:
                    search.best, search.best_score = point, score
            try:
                if condition is not None and not holds(condition, point, bound, point.memo):
                    search.missed["outside the region"] += 1
                    search.wide = True
                    continue
                if self.domain is not None and not real_throughout(self.domain, point, bound):
                    search.missed["where the function is not real"] += 1
                    search.wide = True
                    continue
            except TooLarge:  # real, but overflowing: e^(e^(e^x)) eight deep
                search.missed["undefined or overflowing"] += 1
                search.wide = True
                continue
            except NotNumeric:  # a side of the region is not even real here (acosh(x) > 2 at x = 0)
                search.missed["where the function is not real"] += 1
                search.wide = True
                continue
            search.points.append(point)

    def closeness(self, point: Point, bound: dict, condition: Basic | None) -> float:
        """How near ``point`` comes to being usable: the relations of the region it satisfies, plus
        the share of the function's parts that are real there."""
        relations = () if condition is None else condition.args if isinstance(condition, And) else (condition,)
        score = 0.0
        for relation in relations:
            try:
                score += holds(relation, point, bound, point.memo)
            except (NotNumeric, ZeroDivisionError, ValueError):
                pass
        if self.domain is not None:
            if self.parts is None:
                self.parts = [node for node in preorder_traversal(self.domain)
                              if isinstance(node, Expr) and not node.is_Atom and node.free_symbols]
            real = 0
            for node in self.parts:
                try:
                    real += mpmath.im(evaluate(node, point, bound, point.memo)) == 0
                except (NotNumeric, ZeroDivisionError, ValueError):
                    pass
            score += real / max(len(self.parts), 1)
        return score


@dataclass
class _Search:
    """The usable points found so far for one case and index values, what the other draws
    missed and why, how many draws were made, whether the draws now range wider, and the
    point nearest to usable so far, near which every other draw is made."""

    points: list = field(default_factory=list)
    missed: Counter = field(default_factory=Counter)
    drawn: int = 0
    wide: bool = False
    rng: random.Random = field(default_factory=random.Random)
    best: Point | None = None
    best_score: float = -1.0

    def near(self, point: Point) -> Point:
        """A point near ``point``: each input moved by a normal step of 0.1% to 100% of its size."""
        moved = {}
        for key, value in point.values.items():
            scale = max(abs(float(value)), 1.0) * 10 ** self.rng.uniform(-3, 0)
            moved[key] = mpmath.mpf(float(value) + self.rng.gauss(0, 1) * scale)
        return Point(random.Random(self.rng.random()), fixed=moved)


def numeric_equal(a: Basic, b: Basic, case: Basic | None = None, *, lengths=STEP_LENGTHS,
                  per_length=ASSIGNMENTS_PER_LENGTH, digits=DIGITS, seed=0,
                  sampler: Sampler | None = None, symbols=None) -> tuple[bool | None, str, int]:
    """Whether ``a`` and ``b`` agree at random points, and a sentence saying how (or where not).

    None when no point could be evaluated at all: that proves nothing either way.
    ``symbols`` gives the (length symbols, index symbols) when the caller knows them.
    """
    sampler = sampler or Sampler(seed)
    if symbols is None:
        length_symbols = length_symbols_of(a, b)
        indices = index_symbols([a, b, case], length_symbols)
    else:
        length_symbols, indices = symbols
    sizes = lengths if (length_symbols or indices) else (None,)
    condition = real_part(case)
    # evaluations per point wanted: few for an indexed sum (defined at every point), many where a
    # point usable for the function may still leave a step undefined (a power underflowing to 0)
    patience = 5 if condition is None and sampler.domain is None else REGION_PATIENCE
    tried = 0
    missed: Counter = Counter()
    with mpmath.workdps(digits + 10):
        for n in sizes:
            fixed = {symbol: n for symbol in length_symbols} if n is not None else {}
            chosen = sampler.assignments(indices, n or 3, case, per_length)
            points = 1 if (length_symbols or indices) else per_length
            for assignment in chosen:
                bound = {**fixed, **assignment}
                found, attempts = 0, 0
                usable = sampler.usable(bound, condition, SEARCH_BUDGET * points)
                for point in usable:
                    if found >= points or attempts >= patience * points:
                        break
                    attempts += 1
                    try:
                        left, right = evaluate(a, point, bound, point.memo), evaluate(b, point, bound, point.memo)
                    except (NotNumeric, ZeroDivisionError, ValueError):
                        missed["undefined or overflowing"] += 1
                        continue
                    if not (mpmath.isfinite(left) and mpmath.isfinite(right)):
                        missed["undefined or overflowing"] += 1
                        continue
                    found += 1
                    tried += 1
                    if not close(left, right, digits):
                        where = ", ".join(f"{s}={v}" for s, v in bound.items())
                        return False, (f"differ at {where or 'a random point'}: "
                                       f"{mpmath.nstr(left, 12)} against {mpmath.nstr(right, 12)}"), tried
                usable.close()
                missed.update(sampler.search(bound, condition).missed)
    if tried == 0:
        return None, no_point(missed, case), 0
    at = (f" at {' = '.join(map(str, length_symbols))} = {', '.join(str(n) for n in sizes)}"
          if length_symbols else "")
    return True, f"equal at {tried} random points{at} to {digits} digits", tried


REASONS = ("outside the region", "where the function is not real", "undefined or overflowing")


def no_point(missed: Counter, case: Basic | None) -> str:
    """Why no point could be evaluated: how many of the points drawn failed, and how."""
    drawn = sum(missed.values())
    reasons = ", ".join(f"{missed[why]} {why}" + (f" {show_text(case)}" if why == "outside the region" else "")
                        for why in REASONS if missed[why])
    return f"no point could be evaluated: of {drawn} drawn, {reasons}" if drawn else "no point could be evaluated"


def real_throughout(expr: Basic, point: Point, bound: dict) -> bool:
    return real_throughout_at(expr, point, bound)
