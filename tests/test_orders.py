"""Derivatives of higher order: order by order, each from the verified result of the one before."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import srepr
from sympy import Derivative, Max, Symbol, diff, exp, log, simplify, sin

import derive
from derive.checker.checks import verify
from derive.engine.orders import MAX_ORDER
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


def test_an_order_below_the_last_that_splits_into_cases_goes_on_inside_each_case():
    """d/dx (x max(x, 0)) splits at x = 0; the second order is derived in each case from that
    case's result (2x where x > 0, 0 where x < 0), marked as order 2, and proven."""
    second = derive.differentiate(Max(x, 0) * x, x, order=2)
    assert second.verified and second.order == 2
    results = {case.relation: case.result for case in second.cases}
    assert results == {x > 0: 2, x < 0: 0}
    for case in second.cases:
        stages = [step.stage for step in case.steps]
        assert stages == sorted(stages) and stages[-1] == 2
        first_of_two = next(step for step in case.steps if step.stage == 2)
        before = case.steps[case.steps.index(first_of_two) - 1]
        assert first_of_two.before.expr == before.after.doit() or first_of_two.before.expr == before.after
    text = second.render("text", width=120)
    assert "Case x > 0, order 2: ∂/∂x (2·x)" in text and "Case x < 0, order 2: ∂/∂x (0)" in text
    assert "### Case $x > 0$, order 2" in second.to_markdown()
    data = json.loads(second.to_json())
    assert data["verified"] is True
    assert {step["case"] for step in data["steps"] if step.get("stage") == 2} == {srepr(x > 0), srepr(x < 0)}


def test_log_softmax_second_order_goes_on_in_both_cases_of_the_first_to_the_same_result():
    from derive.functions.catalog import derive_entry

    second = derive_entry("log-softmax", order=2)
    assert second.verified
    assert len({case.result for case in second.cases}) == 1  # S_k (S_k - 1) whether j = k or not


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
