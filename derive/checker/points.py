"""Where the checker looks: the index patterns, the lengths, and the random points of each.

Every run draws afresh from a seed (printed in the check summary; ``--seed`` repeats a run):
- the indices (i, j, k, ...) take every pattern of equality among them that a step's case allows
  (for j, k: j = k and j != k; for i, j, k all five), at each length, with values in 1..L;
- the inputs take, at every such instance, `UNIFORM` points uniform in [-100, 100], `SCALED`
  points of either sign at every scale from 1e-3 to 1e3, `SMALL` points in [-2, 2], and `NEAR`
  points near each boundary of the case's region (x = 3 for x > 3);
- a point counts only where the function and each of its parts are real and finite, and where
  the case's region holds; a narrow region is climbed to from the points nearest to it.

A difference confined to an interval of length 1 in [-100, 100] of one input misses each uniform
point with probability 199/200, and all of them with probability (199/200)^1400 < 0.001. Where
whether a point counts depends on several inputs (e^(w z) overflows for large w z), a point in that
interval may not count: more uniform points are drawn, until `UNIFORM` of them count.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
from sympy import (Abs, And, Basic, DiracDelta, Eq, Gt, Heaviside, Indexed, Integer, Max, Min, Ne, Pow, Sum, Symbol,
                   log, preorder_traversal, sign)
from sympy.core.function import Function
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanTrue

from .floats import NATIVE, Columns, Unsupported

UNIFORM = 1400
SCALED = 400
SMALL = 100
NEAR = 100  # near the boundaries of a case's region, shared among them
SIZE = UNIFORM + SCALED + SMALL + NEAR
WIDTH = 100.0  # the uniform points lie in [-WIDTH, WIDTH]
SCALES = (-3.0, 3.0)  # the scaled points: |value| = 10^u, u uniform in this range
LENGTHS = (2, 3, 5)
FEWEST = 64  # a region with fewer usable points than this is climbed to
CLIMB_ROUNDS = 12
REFILLS = 6  # batches of UNIFORM more uniform points at most, where too few of them count
UNREAD = "that the double-precision screen cannot read"  # why no point was usable, where the screen gave up


def length_symbols(*exprs: Basic) -> list:
    """The symbols that bound a sum (L in sum over l from 1 to L)."""
    found = set()
    for expr in exprs:
        for total in expr.atoms(Sum):
            for _, a, b in total.limits:
                found |= a.free_symbols | b.free_symbols
    return sorted(found, key=str)


def index_symbols(exprs: Sequence[Basic], lengths: Sequence) -> list:
    """The free index symbols (integer symbols that are not lengths)."""
    found = set()
    for expr in exprs:
        if expr is not None:
            found |= {symbol for symbol in expr.free_symbols if symbol.is_integer}
    return sorted(found - set(lengths), key=str)


def partitions(items: tuple) -> list[tuple[tuple, ...]]:
    """Every way to split ``items`` into groups of equal values (the patterns of equality)."""
    if not items:
        return [()]
    first, rest = items[0], items[1:]
    found = []
    for smaller in partitions(rest):
        for position in range(len(smaller)):
            found.append(smaller[:position] + ((first,) + smaller[position],) + smaller[position + 1:])
        found.append(((first,),) + smaller)
    return found


def index_holds(relation: Basic | None, assignment: dict) -> bool:
    """Whether the index values satisfy the index part of ``relation``; a part that relates real
    inputs (x > 0) is left to the points."""
    if relation is None or relation == True:  # noqa: E712 -- SymPy's true
        return True
    if isinstance(relation, And):
        return all(index_holds(part, assignment) for part in relation.args)
    if not relation.free_symbols <= set(assignment):
        return True
    if isinstance(relation, (Eq, Ne)) and all(side in assignment for side in relation.args):
        same = assignment[relation.lhs] == assignment[relation.rhs]
        return same if isinstance(relation, Eq) else not same
    decided = relation.xreplace({symbol: Integer(value) for symbol, value in assignment.items()})
    return isinstance(decided, BooleanTrue) or decided is True


def real_part(case: Basic | None) -> Basic | None:
    """The part of ``case`` that relates real inputs (x > 0); None if none."""
    if case is None:
        return None
    parts = case.args if isinstance(case, And) else (case,)
    real = [part for part in parts if any(not symbol.is_integer for symbol in part.free_symbols)]
    return And(*real) if real else None


@dataclass(frozen=True)
class Pattern:
    """One pattern of equal indices at one length: the groups of equal indices and the values drawn."""

    length: int | None
    groups: tuple[tuple[Symbol, ...], ...]
    values: tuple[tuple[Symbol, int], ...]

    @property
    def bound(self) -> dict:
        return dict(self.values)


def patterns(indices: tuple, lengths: tuple, case: Basic | None, rng: np.random.Generator,
             length_symbols: tuple = ()) -> list[Pattern]:
    """Every pattern of equality among ``indices`` that ``case`` allows, at each length, with
    distinct values drawn in 1..L for the groups; then, at unequal lengths (`unequal_lengths`), the
    pattern with the most distinct indices that fits.
    Without indices nor lengths: one, empty."""
    if not indices and not length_symbols:
        return [Pattern(None, (), ())]
    every = list(partitions(tuple(indices)))
    finest_first = sorted(every, key=lambda groups: -len(groups))
    settings = [(n, {symbol: n for symbol in length_symbols}, every) for n in lengths]
    # at unequal lengths, one pattern: the one with the most distinct indices that fits and the case allows
    settings += [(n, sizes, finest_first) for n, sizes in unequal_lengths(lengths, length_symbols)]
    found = []
    for turn, (n, sizes, candidates) in enumerate(settings):
        shortest = min(sizes.values(), default=n)
        for groups in candidates:
            if len(groups) > shortest:
                continue
            values = index_values(rng, shortest, len(groups), turn)
            assignment = {index: int(value) for group, value in zip(groups, values) for index in group}
            if not index_holds(case, assignment):
                continue
            fixed = sizes | assignment
            found.append(Pattern(n, tuple(groups), tuple(sorted(fixed.items(), key=lambda kv: str(kv[0])))))
            if candidates is finest_first:
                break
    return found


def index_values(rng: np.random.Generator, n: int, groups: int, turn: int) -> np.ndarray:
    """Distinct values in 1..n for ``groups`` groups of equal indices. The ends of the range are where
    a slip in an index hides (a sum from 2 that should start at 1, a term wrong at k = L only): with two
    groups or more, 1 and n are among the values, in a random order; one group takes 1 at the first
    length (``turn`` 0), n at the others but every third, and a value drawn at random there."""
    if groups == 1:
        return np.array([1 if turn == 0 else int(rng.integers(1, n + 1)) if turn % 3 == 1 else n])
    inner = rng.choice(np.arange(2, n), size=groups - 2, replace=False) if groups > 2 else np.array([], dtype=int)
    values = np.concatenate([[1, n], inner]).astype(int)
    rng.shuffle(values)
    return values


def unequal_lengths(lengths: tuple, length_symbols: tuple) -> list[tuple[int, dict]]:
    """Where the function has several lengths (L keys of d components), the shortest lengths again
    but unequal, each symbol a different one of them in turn ((L, d) = (2, 3), (3, 2); with three
    lengths (2, 3, 5), (3, 5, 2), (5, 2, 3)): at equal lengths, a sum to d written for a sum to L
    would pass. (An index then takes a value in 1..the shortest length, so that it lies in the
    range of whichever length it runs over.)"""
    distinct = sorted(set(lengths))
    if len(length_symbols) < 2 or len(distinct) < 2:
        return []
    ordered = sorted(length_symbols, key=str)
    chosen = distinct[:max(2, min(len(ordered), len(distinct)))]
    return [(chosen[turn], {symbol: chosen[(turn + place) % len(chosen)] for place, symbol in enumerate(ordered)})
            for turn in range(len(chosen))]


def families(rng: np.random.Generator) -> np.ndarray:
    """The kind of each point: 0 uniform, 1 scaled, 2 small, 3 near a boundary."""
    return np.repeat(np.arange(4), (UNIFORM, SCALED, SMALL, NEAR))


def positive(key) -> bool:
    """Whether the input ``key`` (a Symbol, or (base, indices) of an indexed input) is declared positive."""
    symbol = key if isinstance(key, Symbol) else (key[0] if isinstance(key, tuple) else None)
    return bool(getattr(symbol, "is_positive", False))


class Draw:
    """The column of values of each input over the points of one instance, drawn on first use."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.kind = families(rng)

    def __call__(self, key) -> np.ndarray:
        rng = self.rng
        uniform = stratified(rng, UNIFORM)
        scaled = 10 ** rng.uniform(*SCALES, SCALED) * rng.choice((-1.0, 1.0), SCALED)
        small = rng.uniform(-2.0, 2.0, SMALL + NEAR)  # the near points are placed later, if a region has a boundary
        values = np.concatenate([uniform, scaled, small])
        # a symbol declared positive (epsilon, a length) takes positive values only: the function
        # is stated for those, and a point where it is negative would be lost
        return np.abs(values) if positive(key) else values


def inputs_of(expr: Basic, bound: dict) -> set:
    """The inputs a relation varies with, as column keys."""
    keys = set()
    for atom in expr.atoms(Indexed):
        try:
            keys.add((atom.base, tuple(int(i.xreplace({s: Integer(v) for s, v in bound.items()}))
                                       for i in atom.indices)))
        except TypeError:
            return set()
    keys |= {symbol for symbol in expr.free_symbols
             if isinstance(symbol, Symbol) and not symbol.is_integer and symbol not in bound
             and not any(symbol == atom.base.label for atom in expr.atoms(Indexed))}
    return keys


MAX_BREAKS = 16  # relations whose boundaries get points near them, at most


def cheap(expr: Basic) -> bool:
    """Whether the screen evaluates ``expr`` with NumPy alone: a boundary is looked for on a grid of
    thousands of points, where a special function evaluated value by value (polygamma by mpmath) would
    take seconds."""
    return not any(isinstance(node, Function) and type(node) not in NATIVE for node in preorder_traversal(expr))


def breakpoints(exprs: Sequence[Basic]) -> tuple[Relational, ...]:
    """The relations at whose boundary the expressions change their form: where the argument of a
    step, a sign or an absolute value is 0, where the arguments of a max or min cross, the conditions
    of a piecewise function, the relations written in them, and where the argument of a square root,
    a logarithm or a fractional power is 0 (the edge of the real domain). A slip written beyond such a
    boundary (past x = 1500, inside (1e-6, 1e-5)) lies in a region the other points may never reach:
    points are placed on both sides of each boundary too."""
    found: dict = {}
    seen: set = set()  # the steps share most of their subtrees: each is read once
    stack = list(exprs)
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, Basic) or not node.args:
            continue
        seen.add(id(node))
        stack.extend(node.args)
        if isinstance(node, (Heaviside, sign, Abs, DiracDelta, log)):
            sides = [(node.args[0], 0)]
        elif isinstance(node, (Max, Min)):
            sides = list(zip(node.args, node.args[1:]))
        elif isinstance(node, Relational) and not isinstance(node, (Eq, Ne)):
            sides = [(node.lhs, node.rhs)]
        elif isinstance(node, Pow) and node.exp.is_Rational and not node.exp.is_Integer:
            sides = [(node.base, 0)]
        else:
            continue
        for left, right in sides:
            if (left, right) not in found and getattr(left - right, "free_symbols", None) \
                    and cheap(left) and cheap(right):
                found[left, right] = Gt(left, right, evaluate=False)
        if len(found) >= MAX_BREAKS:
            break
    return tuple(found.values())


@functools.lru_cache(maxsize=1)
def _grid() -> np.ndarray:
    """The grid `boundaries` looks for sign changes on, made once."""
    magnitudes = np.concatenate([np.linspace(0, 2, 1001), np.linspace(2, 150, 2961), np.geomspace(150, 1e3, 200),
                                 np.geomspace(1e-3, 1e-1, 60), np.geomspace(1e3, 1e9, 300),
                                 np.geomspace(1e-12, 1e-3, 140)])
    grid = np.unique(np.concatenate([-magnitudes, magnitudes]))
    grid.flags.writeable = False
    return grid


def boundaries(relation: Relational, key, bound: dict) -> np.ndarray:
    """The points of the real line where ``relation``, a relation in the one input ``key``, turns
    from true to false: the sign changes of its two sides' difference on a fine grid over
    +-10^9 (finest within +-150), refined by bisection."""
    grid = _grid()

    def gap(values: np.ndarray) -> np.ndarray:
        columns = Columns(len(values), lambda _: values, bound, {key: values})
        (left, _), (right, _) = columns.value(relation.lhs), columns.value(relation.rhs)
        return np.asarray(left - right, dtype=float)

    g = gap(grid)
    signs = np.sign(g)
    change = np.nonzero((signs[:-1] * signs[1:] < 0) & np.isfinite(g[:-1]) & np.isfinite(g[1:]))[0][:16]
    roots = list(grid[np.nonzero(g == 0)[0]][:16])
    if len(change):
        # each bracket cut into 64 at once, a few times over: 5 rounds take its width from 1e-2 to 1e-11
        low, high = grid[change], grid[change + 1]
        rows = np.arange(len(low))
        steps = np.linspace(0.0, 1.0, 65)
        for _ in range(8):
            cuts = low[:, None] + (high - low)[:, None] * steps[None, :]
            signs = np.sign(gap(cuts.ravel()).reshape(cuts.shape))
            flips = signs[:, :-1] * signs[:, 1:] <= 0
            first = np.argmax(flips, axis=1)
            found = flips.any(axis=1)
            low, high = (np.where(found, cuts[rows, first], low), np.where(found, cuts[rows, first + 1], high))
            if np.all(high - low <= 1e-12 * np.maximum(np.abs(low), 1e-290)):  # near points lie 1e-9 off and more
                break
        roots.extend((low + high) / 2)
    return np.array(roots[:16], dtype=float)


@dataclass
class Instance:
    """The points of one pattern of indices under one case region: their columns, the memo of
    every node evaluated there, and where they are usable (the function real, the region holding)."""

    pattern: Pattern
    region: Basic | None
    columns: Columns
    usable: np.ndarray
    missed: dict = field(default_factory=dict)
    points: dict = field(default_factory=dict)  # (position, digits) -> the 30-digit Point there, with its memo
    measured: dict = field(default_factory=dict)  # the sizes of the inputs at a set of points, worked out once

    def sizes(self, where: np.ndarray) -> tuple[float, float]:
        """The smallest and the largest size of an input (not 0) at the points ``where``."""
        key = (len(self.columns.inputs), where.tobytes())  # most comparisons count the same points
        found = self.measured.get(key)
        if found is None:
            found = self.measured[key] = self._sizes(where)
        return found

    def _sizes(self, where: np.ndarray) -> tuple[float, float]:
        magnitudes = np.abs(np.concatenate([column[where] for column in self.columns.inputs.values()] or [[]]))
        magnitudes = magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]
        return (float(magnitudes.min()), float(magnitudes.max())) if magnitudes.size else (math.inf, 0.0)

    def point(self, position: int) -> dict:
        """The inputs' values at one point, as exact floats."""
        return {key: float(column[position]) for key, column in self.columns.inputs.items()}


def instance(pattern: Pattern, region: Basic | None, domain: Basic | None, rng: np.random.Generator,
             breaks: Sequence[Relational] = (), roots: dict | None = None) -> Instance:
    """Draw the points of one pattern under one region, place some near the boundaries of the region
    and of ``breaks`` (see `breakpoints`), climb to the region when few points fall in it, and mark
    where each point is usable."""
    draw = Draw(rng)
    bound = pattern.bound
    columns = Columns(SIZE, draw, bound)
    relations = [*((region.args if isinstance(region, And) else (region,)) if region is not None else ()), *breaks]
    if relations:
        _near_boundaries(columns, relations, bound, rng, {} if roots is None else roots)
    try:
        usable, missed = _usable(columns, region, domain)
        if usable.sum() < FEWEST and (region is not None or domain is not None):
            columns, usable, missed = _climb(columns, region, domain, rng, usable, missed)
        columns, usable, missed = _refill(columns, region, domain, rng, usable, missed)
    except Unsupported:  # a part the screen cannot read: no point is usable here (30 digits decide instead)
        usable, missed = np.zeros(SIZE, dtype=bool), {UNREAD: SIZE}
    return Instance(pattern, region, columns, usable, missed)


def _near_boundaries(columns: Columns, relations: Sequence[Basic], bound: dict, rng: np.random.Generator,
                     roots: dict) -> None:
    """Points near the boundaries of ``relations`` (``roots``: the boundaries found so far, by relation,
    input and index values, shared by the instances of one plan)."""
    places = []
    for relation in relations:
        keys = inputs_of(relation, bound) if isinstance(relation, Relational) else set()
        if len(keys) == 1:
            (key,) = keys
            memo = (relation, key, tuple(sorted(bound.items(), key=str)))
            if memo not in roots:
                try:
                    roots[memo] = tuple(float(root) for root in boundaries(relation, key, bound))
                except Unsupported:
                    roots[memo] = ()
            places.extend((key, root) for root in roots[memo])
    places = list(dict.fromkeys(places))
    if not places:
        return
    start = UNIFORM + SCALED + SMALL
    offsets = 10 ** rng.uniform(-9, 0, NEAR) * rng.choice((-1.0, 1.0), NEAR)  # on either side, at every scale
    for n, (key, root) in enumerate(places[:NEAR]):
        slots = np.arange(n, NEAR, min(len(places), NEAR))  # the slots shared out among the places in turn
        columns.column(key)[start + slots] = root + offsets[slots] * max(abs(root), 1.0)


def _usable(columns: Columns, region: Basic | None, domain: Basic | None) -> tuple[np.ndarray, dict]:
    usable = np.ones(columns.size, dtype=bool)
    missed = {}
    if domain is not None:
        real = columns.real_throughout(domain)
        missed["where the function is not real"] = int((~real & ~columns.overflowed).sum())
        missed["undefined or overflowing"] = int((~real & columns.overflowed).sum())
        usable &= real
    if region is not None:
        inside = columns.holds(region)
        missed["outside the region"] = int((usable & ~inside).sum())
        usable &= inside
    return usable, missed


def _score(columns: Columns, region: Basic | None, domain: Basic | None) -> np.ndarray:
    """How near each point comes to usable: the relations of the region it satisfies, plus
    whether the function is real there."""
    score = np.zeros(columns.size)
    if region is not None:
        for relation in (region.args if isinstance(region, And) else (region,)):
            score += columns.holds(relation)
    if domain is not None:
        score += columns.real_share(domain)
    return score


def _climb(columns: Columns, region, domain, rng: np.random.Generator, usable: np.ndarray, missed: dict):
    """Points nearer and nearer to a narrow region (1 < x - (1 + y)^(3/2) < 1.54): each round
    keeps the best points so far and moves each by a normal step of 0.1% to 100% of its size."""
    keys = list(columns.inputs)
    if not keys:
        return columns, usable, missed
    values = np.array([columns.inputs[key] for key in keys])
    score = _score(columns, region, domain)
    best_score = score
    for _ in range(CLIMB_ROUNDS):
        order = np.argsort(-best_score, kind="stable")[:64]
        parents = values[:, rng.choice(order, SIZE)]
        step = np.maximum(np.abs(parents), 1.0) * 10 ** rng.uniform(-3, 0, parents.shape) * rng.normal(size=parents.shape)
        moved = parents + step
        keep = usable.copy()
        moved[:, keep] = values[:, keep]  # the usable points stay
        trial = Columns(SIZE, columns.draw, columns.bound, {key: moved[n] for n, key in enumerate(keys)})
        trial_usable, trial_missed = _usable(trial, region, domain)
        trial_score = _score(trial, region, domain)
        values, columns, usable, missed, best_score = moved, trial, trial_usable, trial_missed, trial_score
        if usable.sum() >= FEWEST:
            break
    return columns, usable, missed


class _Longer:
    """The draw of the grown columns: an input met after the refill gets its usual column and as
    many uniform values as the refill added."""

    def __init__(self, draw, rng: np.random.Generator, extra: int):
        self.draw, self.rng, self.extra = draw, rng, extra

    def __call__(self, key) -> np.ndarray:
        return np.concatenate([self.draw(key), _uniform(self.rng, key, self.extra)])


def stratified(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` values in [-WIDTH, WIDTH], one drawn in each of ``count`` equal strata, in a random
    order (each input in its own: a Latin hypercube). Every interval of length 1 then holds at least
    count / (2 WIDTH) - 1 of them (6 of 1,400), where independent draws miss it now and then."""
    step = 2 * WIDTH / count
    values = -WIDTH + step * (np.arange(count) + rng.uniform(0.0, 1.0, count))
    rng.shuffle(values)
    return values


def _uniform(rng: np.random.Generator, key, count: int) -> np.ndarray:
    values = stratified(rng, count)
    return np.abs(values) if positive(key) else values


def _refill(columns: Columns, region, domain, rng: np.random.Generator, usable: np.ndarray, missed: dict):
    """Where the function is real and finite at fewer than `UNIFORM` of the uniform points and it
    has several inputs (so that whether a point counts may depend on an input other than the one a
    slip lies in: w z overflowing e^(w z)), more uniform points are drawn, `UNIFORM` at a time, and
    those where the function is real and finite are kept, until `UNIFORM` count (at most `REFILLS`
    batches; none where more would be needed: the checks report the points that counted). One
    input alone needs none: a point in an interval of the domain counts."""
    keys = list(columns.inputs)
    if domain is None or len(keys) < 2:
        return columns, usable, missed
    try:
        counted = int(columns.real_throughout(domain)[:UNIFORM].sum())
    except Unsupported:
        return columns, usable, missed
    if counted == 0 or (UNIFORM - counted) > REFILLS * counted:
        # each batch would bring about `counted` points: more than REFILLS batches would be needed,
        # which costs more than it brings (softmax of scores q.K_l, which overflow almost everywhere)
        return columns, usable, missed
    kept: dict = {key: [] for key in keys}
    found = 0
    for _ in range(REFILLS):
        if counted + found >= UNIFORM:
            break
        trial = Columns(UNIFORM, lambda key: _uniform(rng, key, UNIFORM), columns.bound,
                        {key: _uniform(rng, key, UNIFORM) for key in keys})
        try:
            real = trial.real_throughout(domain)
        except Unsupported:
            break
        for key in keys:
            kept[key].append(trial.inputs[key][real])
        found += int(real.sum())
    found = min(found, UNIFORM - counted)  # as many as are missing, no more: the checks cost by the point
    if found <= 0:
        return columns, usable, missed
    inputs = {key: np.concatenate([columns.inputs[key], *kept[key]])[:columns.size + found] for key in keys}
    grown = Columns(columns.size + found, _Longer(columns.draw, rng, found), columns.bound, inputs)
    usable, missed = _usable(grown, region, domain)
    return grown, usable, missed


def scale_of(values: dict) -> tuple[float, float]:
    magnitudes = [abs(v) for v in values.values() if math.isfinite(v)]
    return (min(magnitudes), max(magnitudes)) if magnitudes else (math.nan, math.nan)


__all__ = ["Instance", "LENGTHS", "Pattern", "SIZE", "UNIFORM", "index_holds", "instance", "partitions",
           "patterns", "real_part"]
