"""Levels of detail: brief folds the trivial steps into the step that needed them, full tells every
rule application, normal is in between; every level is checked alike, and JSON holds every step."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import sin, symbols

import derive
from derive.engine.records import Check, Verification
from derive.printers import render
from derive.printers.story import FAILED, PASSED, blocks, fold, numbered_steps
from derive.rules import DETAILS, Rule, every_rule

x = symbols("x")


@pytest.fixture(scope="module")
def product():
    return derive.differentiate(x**2 * sin(3 * x), x)


def told(derivation, detail):
    return [item for block in blocks(derivation, detail) for item in block.steps]


def test_the_trivial_rules_say_so_themselves():
    levels = {rule.name: rule.detail for rule in every_rule()}
    assert levels["variable rule"] == "full"
    assert levels["constant rule"] == "normal" and levels["constant factor rule"] == "normal"
    assert levels["product rule"] == "brief" and levels["quotient rule"] == "brief"
    assert set(levels.values()) <= set(DETAILS)


def test_a_rule_refuses_an_unknown_level():
    with pytest.raises(ValueError, match="detail"):
        Rule(name="r", law="", template="", rewrite=lambda node, context: None, detail="terse")


def test_full_tells_every_step_on_its_own(product):
    shown = told(product, "full")
    assert [item.step for item in shown] == list(product.all_steps())
    assert not any(item.folded for item in shown)


def test_normal_folds_the_variable_rule_and_brief_the_constant_ones(product):
    names = [step.rule.name for step in product.all_steps()]
    assert "variable rule" in names and "constant factor rule" in names
    normal = [item.step.rule.name for item in told(product, "normal")]
    brief = [item.step.rule.name for item in told(product, "brief")]
    assert "variable rule" not in normal and "constant factor rule" in normal
    assert "variable rule" not in brief and "constant factor rule" not in brief
    assert len(brief) < len(normal) < len(names)


@pytest.mark.parametrize("detail", DETAILS)
def test_every_step_is_told_once_at_every_level_and_the_chain_holds(product, detail):
    shown = told(product, detail)
    numbers = sorted(n for item in shown for n in [item.number, *(f.number for f in item.folded)])
    assert numbers == list(range(1, len(product.all_steps()) + 1))
    for previous, item in zip(shown, shown[1:]):
        assert item.before == previous.after
    assert shown[-1].after == product.all_steps()[-1].after


def test_brief_names_what_it_folded_in(product):
    text = render(product, "text", detail="brief")
    assert "with the variable rule (step 3): ∂/∂x (x) = 1" in text
    assert "with the constant factor rule (step 5): ∂/∂x (3·x) = 3·∂/∂x (x)" in text
    markdown = render(product, "markdown", detail="brief")
    assert "(with the variable rule (step 3): $\\frac{d}{d x} x = 1$)" in markdown


def test_a_failed_check_of_a_folded_step_is_never_shown_as_passed(product):
    variable = next(n for n, step in enumerate(product.all_steps(), 1) if step.rule.name == "variable rule")
    checks = tuple(replace(check, passed=False, detail="they differ") if check.step == variable else check
                   for check in product.verification.steps)
    broken = replace(product, verification=Verification(checks, product.verification.result,
                                                        product.verification.seed))
    host = next(item for item in told(broken, "brief") if any(f.number == variable for f in item.folded))
    assert host.check.passed and host.status == FAILED
    text = render(broken, "text", detail="brief")
    assert f"check of step {variable} failed: they differ" in text
    assert "PROVEN" in text and "NOT PROVEN" in text


def test_an_unchecked_folded_step_makes_its_host_unchecked(product):
    items = numbered_steps(product)
    unchecked = replace(items[2], check=None)
    host = replace(items[1], folded=(unchecked,))
    assert items[1].status == PASSED and host.status == "not checked"


def test_a_run_that_starts_with_a_trivial_step_folds_it_into_the_next():
    items = numbered_steps(derive.differentiate(x**2 * sin(3 * x), x))
    trivial = next(item for item in items if item.step.rule.name == "variable rule")
    after = next(item for item in items if item.number == trivial.number + 1)
    folded = fold((trivial, after), "normal")
    assert len(folded) == 1 and folded[0].step is after.step and folded[0].folded == (trivial,)
    assert folded[0].before == trivial.step.before


def test_an_unknown_level_is_refused(product):
    with pytest.raises(ValueError, match="unknown detail"):
        render(product, "text", detail="terse")


def test_json_holds_every_step_whatever_the_level(product):
    data = json.loads(render(product, "json", detail="brief"))
    assert len(data["steps"]) == len(product.all_steps())


def test_every_level_is_checked_alike(product):
    assert product.verified
    for detail in DETAILS:
        assert "Check: PROVEN" in render(product, "text", detail=detail)


def test_the_command_line_takes_detail_and_linear(capsys):
    from commandline import run_cli

    code, brief, _ = run_cli(["expr", "x^2*sin(3*x)", "--wrt", "x", "--detail", "brief", "--linear"], capsys)
    assert code == 0 and "with the variable rule" in brief and "3·x^2·cos(3·x)" in brief
    code, full, _ = run_cli(["expr", "x^2*sin(3*x)", "--wrt", "x", "--detail", "full"], capsys)
    assert code == 0 and "variable rule ✓" in full and "3·x^2·cos(3·x)" not in full.split("Result")[1]
    code, _, err = run_cli(["expr", "x^2", "--wrt", "x", "--detail", "terse"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_verification_is_untouched_by_the_level(product):
    before = product.verification
    render(product, "text", detail="brief")
    assert product.verification is before and isinstance(before.steps[0], Check)


def test_a_run_of_nothing_but_trivial_steps_is_told_whole():
    only = derive.differentiate(x, x)
    assert [step.rule.name for step in only.all_steps()] == ["variable rule"]
    assert [item.step.rule.name for item in told(only, "brief")] == ["variable rule"]
    assert "variable rule ✓" in render(only, "text", detail="brief")


def test_a_long_whole_expression_is_left_out_of_the_steps_except_in_full_detail():
    from sympy import Mul

    big = derive.differentiate(Mul(*[sin(n * x) for n in range(1, 13)]), x)
    normal, full = render(big, "text"), render(big, "text", detail="full")
    assert "is shown with --detail full" in normal and "is shown with --detail full" not in full
    assert len(normal) < len(full) / 3
    markdown = render(big, "markdown")
    assert "is shown with --detail full" in markdown
    assert "Result" in normal and "PROVEN" in normal  # the result is always there in full


def test_the_command_line_offers_the_levels_the_rules_know():
    from derive.cli import Detail

    assert tuple(level.value for level in Detail) == DETAILS
