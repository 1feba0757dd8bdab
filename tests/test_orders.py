"""Derivatives of higher order: order by order, each from the verified result of the one before."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import Derivative, Max, Symbol, diff, exp, log, simplify, sin

import derive
from derive.checker.checks import verify
from derive.engine.orders import MAX_ORDER, CasesBeforeTheLastOrder
from derive.engine.records import plain

x = Symbol("x")


@pytest.mark.parametrize("function, order", [(x**3 * sin(x), 3), (exp(x) / (1 + exp(x)), 2), (log(x), 4),
                                             (x**5, 5), (sin(x) * exp(-x), 2)])
def test_the_nth_derivative_is_proven_and_equals_sympys(function, order):
    derivation = derive.differentiate(function, x, order=order)
    assert derivation.verified and derivation.order == order
    assert simplify(derivation.result - diff(function, x, order)) == 0
    stages = [step.stage for step in derivation.steps]
    assert stages == sorted(stages) and set(stages) == set(range(1, order + 1))


def test_each_order_starts_from_d_dx_of_the_result_before_it():
    derivation = derive.differentiate(x**3 * sin(x), x, order=3)
    steps = derivation.steps
    assert steps[0].before == Derivative(x**3 * sin(x), x)
    for before, after in zip(steps, steps[1:]):
        if after.stage == before.stage:
            assert after.before == before.after
        else:
            assert after.stage == before.stage + 1 and after.before == Derivative(plain(before.after), x)


def test_a_stage_that_does_not_start_from_the_result_before_it_fails_the_chain():
    derivation = derive.differentiate(x**3 * sin(x), x, order=2, check=False)
    boundary = next(n for n, step in enumerate(derivation.steps) if step.stage == 2)
    wrong = replace(derivation.steps[boundary], before=Derivative(x**3 * sin(x), x))
    broken = verify(replace(derivation, steps=(*derivation.steps[:boundary], wrong, *derivation.steps[boundary + 1:])))
    assert not broken.verified
    assert "the steps follow on from each other" in [check.subject for check in broken.verification.failures]


def test_a_result_of_the_wrong_order_fails_against_sympy():
    second = derive.differentiate(x**4, x, order=2, check=False)
    as_third = verify(replace(second, order=3))  # the steps stop at order 2: not the third derivative
    assert not as_third.verified
    assert "result against sympy.diff" in [check.subject for check in as_third.verification.failures]


@pytest.mark.parametrize("order", [0, -1, MAX_ORDER + 1, 1.5, True])
def test_an_order_out_of_range_is_refused(order):
    with pytest.raises(ValueError, match="order must be a whole number"):
        derive.differentiate(x**2, x, order=order)


def test_an_order_below_the_last_that_splits_into_cases_stops_with_one_clear_error():
    with pytest.raises(CasesBeforeTheLastOrder, match="order 1 splits into cases"):
        derive.differentiate(Max(x, 0) * x, x, order=2)
    assert derive.differentiate(Max(x, 0) * x, x, order=1).verified


def test_printers_show_each_order_as_a_stage_and_the_json_keeps_every_step():
    derivation = derive.differentiate(x**3 * sin(x), x, order=2)
    text = derivation.render("text", width=120)
    assert text.startswith("The derivative: ∂^2/∂x^2 (x^3·sin(x))")
    assert "Order 2: ∂/∂x (x^3·cos(x) + 3·x^2·sin(x))" in text
    assert "### Order 2" in derivation.to_markdown() and "Order 2" in derivation.to_latex()
    data = json.loads(derivation.to_json())
    assert data["order"] == 2 and len(data["steps"]) == len(derivation.steps)
    assert [step.get("stage", 1) for step in data["steps"]] == [step.stage for step in derivation.steps]
    first = json.loads(derive.differentiate(x**2, x).to_json())
    assert "order" not in first and all("stage" not in step for step in first["steps"])
