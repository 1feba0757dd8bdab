"""One verification's plan: its seed, the function whose real domain the points must lie in,
the lengths and indices, and the points of every case, drawn once and shared by every step."""

from __future__ import annotations

import os
import random
import secrets
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Sequence

import numpy as np
from sympy import Basic

from .compare import CONFIRM, Evidence, compare
from .floats import Unsupported
from .points import LENGTHS, UNREAD, Instance, index_symbols, instance, length_symbols, patterns, real_part


_SEED: ContextVar[int | None] = ContextVar("derive_seed", default=None)


def use_seed(seed: int | None) -> None:
    """Every verification from here on in this context draws its points from ``seed``."""
    if seed is not None:
        _SEED.set(int(seed))


@contextmanager
def seeded(seed: int | None):
    """Within the block, every verification draws its points from ``seed`` (None: afresh)."""
    token = _SEED.set(seed)
    try:
        yield
    finally:
        _SEED.reset(token)


def fresh_seed() -> int:
    """The seed of a run: the one given (`seeded`, `--seed`, or the environment's DERIVE_SEED),
    else one drawn afresh. It is printed with the checks, so that the run can be repeated."""
    chosen = _SEED.get()
    if chosen is not None:
        return chosen
    given = os.environ.get("DERIVE_SEED", "").strip()
    if given.isdigit() and len(given) < 19:
        return int(given)
    return secrets.randbelow(10 ** 9)


class Plan:
    """The points of one verification. ``domain`` is the function differentiated (its definitions
    unfolded, nothing differentiated): a point counts only where it and each of its parts are real."""

    def __init__(self, seed: int | None = None, domain: Basic | None = None, lengths: Sequence = (),
                 indices: Sequence = (), sizes: Sequence[int] = LENGTHS, breaks: Sequence = ()):
        self.seed = fresh_seed() if seed is None else int(seed)
        self.domain = self.domain_expr = domain
        self._domain: tuple[bool, str] | None = None
        self.length_symbols = tuple(lengths)
        self.indices = tuple(indices)
        self.sizes = tuple(sizes)
        self.instances: dict = {}
        self.breaks = tuple(breaks)  # relations whose boundaries get points near them (`points.breakpoints`)
        self.roots: dict = {}  # the boundaries found, shared by the instances of every case
        self.comparisons = 0  # comparisons made so far: each draws its 30-digit spot checks from its own number

    def rng(self, *key) -> np.random.Generator:
        """A generator of its own for each part of the plan, so that a run repeats from its seed
        whatever order the parts are asked for in."""
        return np.random.default_rng([self.seed, zlib.crc32(repr(key).encode())])

    def spot_rng(self) -> random.Random:
        """The generator of a comparison's 30-digit spot checks, from the seed and the comparison's
        number (Python's generator: a NumPy one costs more to make than the few draws it gives)."""
        return random.Random(self.seed * 1_000_003 + self.comparisons)

    def for_case(self, case: Basic | None) -> list[Instance]:
        """The instances (a pattern of indices with its points) of a case, drawn on first use."""
        if case not in self.instances:
            region = real_part(case)
            chosen = patterns(self.indices, self.sizes, case, self.rng("patterns", case), self.length_symbols)
            self.instances[case] = [instance(pattern, region, self.domain, self.rng("points", case, pattern),
                                             self.breaks, self.roots)
                                    for pattern in chosen]
        return self.instances[case]

    def compare(self, a: Basic, b: Basic, case: Basic | None = None, confirm: int = CONFIRM,
                defined=()) -> Evidence:
        """`compare` at the points of ``case``; raises `Unsupported` if the screen cannot read a side."""
        self.comparisons += 1
        return compare(a, b, self.for_case(case), self.domain, self.spot_rng(), confirm, defined)

    def compare_at(self, a: Basic, b: Basic, instance: Instance) -> Evidence:
        """`compare` at the points of one instance only."""
        self.comparisons += 1
        return compare(a, b, [instance], self.domain, self.spot_rng())

    def real_points(self) -> int:
        """How many of the points drawn (with no case) lie in the function's real domain."""
        return sum(int(instance.usable.sum()) for instance in self.for_case(None))

    def real_domain(self) -> tuple[bool, str]:
        """Whether the function is real on an open set, and how that is known: at the points
        drawn in doubles; or, where none is real in doubles, at 30 digits, where a value too large
        for any number (e^(e^(...e^x)) eight deep) is real all the same, only not evaluable."""
        if self._domain is None:
            points = self.real_points()
            missed: dict = {}
            for drawn in self.for_case(None):
                for why, count in drawn.missed.items():
                    missed[why] = missed.get(why, 0) + count
            unread = missed.get(UNREAD, 0)
            if points:
                self._domain = (True, f"real at {points} of the points drawn")
            elif missed.get("undefined or overflowing") and not missed.get("where the function is not real") \
                    and not unread:
                self._domain = (True, f"real, but too large to evaluate at all {missed['undefined or overflowing']} "
                                      "points drawn: the steps rest on symbolic proof")
            elif not unread or self.domain_expr is None or self.length_symbols or self.indices:
                self._domain = (False, "")
            else:
                from .exact import SEARCH_BUDGET, Sampler

                sampler = Sampler(self.seed, self.domain_expr)
                found = next(iter(sampler.usable({}, None, SEARCH_BUDGET)), None)
                missed = sampler.search({}, None).missed
                if found is not None:
                    self._domain = (True, "real at points found at 30 digits")
                elif missed and set(missed) == {"undefined or overflowing"}:
                    self._domain = (True, f"real, but too large to evaluate at all {sum(missed.values())} points "
                                          "drawn: the steps rest on symbolic proof")
                else:
                    self._domain = (False, "")
        return self._domain


def plan_for(a: Basic, b: Basic, case: Basic | None = None, seed: int | None = None,
             domain: Basic | None = None, sizes: Sequence[int] | None = None) -> Plan:
    """A plan for comparing ``a`` and ``b`` alone."""
    lengths = length_symbols(a, b)
    return Plan(seed, domain, lengths, index_symbols([a, b, case], lengths), sizes or LENGTHS)


__all__ = ["Plan", "Unsupported", "fresh_seed", "seeded", "use_seed", "index_symbols", "length_symbols", "plan_for"]
