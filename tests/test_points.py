"""The checker's points: the uniform values of every input are stratified over [-100, 100], so an
interval of length 1 anywhere there holds points in every run, not only with high probability."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import Symbol

from derive.checker.points import UNIFORM, WIDTH, Draw, stratified


@pytest.mark.parametrize("seed", range(5))
def test_every_interval_of_length_1_holds_at_least_six_uniform_points_of_each_input(seed):
    draw = Draw(np.random.default_rng(seed))
    for name in "xyz":
        values = np.sort(draw(Symbol(name))[:UNIFORM])
        assert -WIDTH <= values[0] and values[-1] <= WIDTH
        fewest = min(int(((values > c - 0.5) & (values < c + 0.5)).sum()) for c in np.linspace(-99.5, 99.5, 2000))
        assert fewest >= 6, fewest


def test_the_inputs_are_not_stratified_in_step_with_each_other():
    """Each input's strata come in an order of its own (a Latin hypercube): the points do not all
    lie near the diagonal x = y, as they would if every input took its strata in the same order."""
    rng = np.random.default_rng(0)
    x, y = stratified(rng, UNIFORM), stratified(rng, UNIFORM)
    assert abs(np.corrcoef(x, y)[0, 1]) < 0.1
    assert sorted(np.floor((x + WIDTH) / (2 * WIDTH / UNIFORM)).astype(int)) == list(range(UNIFORM))
