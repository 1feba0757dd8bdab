"""Regions of the real line: which ones hold nowhere, so that no case is made for them."""

import pytest
from sympy import Abs, And, Gt, Lt, Symbol, sin

from derive.rules.regions import contradicted, nowhere

x, y = Symbol("x"), Symbol("y")


@pytest.mark.parametrize("relation", [
    Lt(x**-2, -1),  # a square is never negative
    Gt(x, Abs(x)),  # solved with |x| written piece by piece
    And(Gt(x, 1), Lt(x, 0)),  # parts that exclude each other
    Gt(sin(x), 2),
], ids=str)
def test_a_region_that_holds_nowhere(relation):
    assert nowhere(relation)
    assert contradicted(relation, None)


@pytest.mark.parametrize("relation", [
    Gt(x, 0),
    Gt(Abs(x), x),  # x < 0
    Lt(x**-2, 5),
    Gt(x, y),  # two variables: not solved, so not known to be empty
    Gt(sin(x) + x**7 + x**5 * sin(x)**2 + 3 * x**3, 100 + x**9 * sin(x)),  # too large to try
], ids=str)
def test_a_region_not_known_to_be_empty(relation):
    assert not nowhere(relation)


def test_a_region_the_solver_takes_too_long_on_is_kept_after_its_time_bound(monkeypatch):
    """SymPy's solver can work for many minutes on a small region (intersections of intervals
    within intervals); past SOLVE_SECONDS it is stopped and the region is not known to be empty."""
    import time

    import derive.rules.regions as regions
    solved = []

    def slow(*args, **kwargs):
        while True:
            time.sleep(0.01)
            solved.append(1)
    monkeypatch.setattr(regions, "solveset", slow)
    monkeypatch.setattr(regions, "SOLVE_SECONDS", 0.3)
    started = time.monotonic()
    assert not nowhere(Lt(x**-2, -1))
    assert solved and time.monotonic() - started < 2
