"""What PROVEN means (README): the checker's points, index patterns, domain, cases and start."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import (Abs, Derivative, Eq, IndexedBase, KroneckerDelta, Max, Piecewise, Rational, Symbol, acosh, asin, symbols,
                   exp, log, sqrt)

import derive
from derive.checker import Plan
from derive.checker.points import UNIFORM, partitions
from derive.checker.checks import DOMAIN, check_equal, numeric_equal, verify

x = Symbol("x")
i, j, k = (Symbol(name, integer=True) for name in "ijk")
z = IndexedBase("z")


def failures(derivation):
    return {check.subject: check.detail for check in derivation.verification.failures}


def test_the_patterns_of_equal_indices_are_all_there():
    assert len(partitions((i, j, k))) == 5
    assert len(partitions((i, j, k, Symbol("l", integer=True)))) == 15


def test_a_step_false_only_when_j_equals_k_but_not_i_is_caught():
    """delta_jk delta_ij differs from delta_jk only where j = k != i: a pattern of its own."""
    before = Derivative(z[i, j], z[i, k])
    assert check_equal("delta", before, KroneckerDelta(j, k), None, ()).passed
    wrong = check_equal("delta", before, KroneckerDelta(j, k) * KroneckerDelta(i, j), None, ())
    assert not wrong.passed
    where = dict(wrong.counterexample)
    assert where["j"] == where["k"] != where["i"]


@pytest.mark.parametrize("wrong", [
    -1 + 2 * Max(0, x - 3) / (x - 3),  # false only for x > 3
    -1 + Max(0, -4 - x),  # false only for x < -4
    -1 + Max(0, Rational(1, 4) - (x - 37) ** 2),  # false only on an interval of length 1 around 37
])
def test_a_difference_confined_to_part_of_the_line_is_caught(wrong):
    """d/dx |x - 3|... stated for x < 3 only as -1: every slip confined to part of [-100, 100] is found."""
    agrees, detail = numeric_equal(Max(-1, -1 + 0 * x), wrong)
    assert agrees is False, detail


def test_a_tiny_difference_is_a_difference():
    agrees, detail = numeric_equal(exp(-x**2 - 100), 0 * x)
    assert agrees is False, detail


def test_rounding_alone_fails_no_true_step():
    """1 - sigma(x) at x = 486 is 1e-211, lost entirely in doubles and at 30 digits: the checker
    raises the precision until it can tell, and the step holds."""
    sigma = 1 / (1 + exp(-x))
    agrees, detail = numeric_equal(1 - sigma, exp(-x) / (1 + exp(-x)), seed=1)
    assert agrees is True, detail


def test_points_cover_the_whole_line_and_every_scale():
    check = check_equal("step", Derivative(x**3, x), 3 * x**2, None, ())
    assert check.passed and check.points >= UNIFORM
    low, high = check.scales
    assert low < 1e-2 and high > 5e2
    assert check.seed is not None


def test_a_claim_not_proven_symbolically_is_spot_checked_at_30_digits_and_a_proven_one_need_not_be():
    """The screen's verdict at the points it passed is confirmed at 30 digits at a spot point, in
    case rounding misled it; a claim already proven symbolically has nothing false to pass."""
    from sympy import Heaviside, sin

    unproven = check_equal("step", Derivative(Abs(sin(x)) * Heaviside(x - 3), x),
                           Abs(sin(x)) * 0 + Derivative(Abs(sin(x)), x) * Heaviside(x - 3), None, ())
    assert unproven.passed and not unproven.symbolic and unproven.confirmed >= 1
    proven = check_equal("step", Derivative(x**3, x), 3 * x**2, None, ())
    assert proven.passed and proven.symbolic and proven.confirmed == 0


@pytest.mark.parametrize("expression", [asin(2 + x**2), acosh(-x**2 - 2), sqrt(-1 - x**2), log(-exp(x)),
                                        sqrt(x - 1) * sqrt(1 - x)])
def test_a_function_real_nowhere_is_never_proven(expression):
    derivation = derive.differentiate(expression, x)
    assert not derivation.verified
    assert DOMAIN in failures(derivation)


def test_an_identity_over_the_complex_numbers_is_no_proof_over_the_reals():
    derivation = derive.differentiate(asin(2 + x**2), x)
    symbolic = [check for check in derivation.verification.steps if check.symbolic]
    assert symbolic and not any(check.passed for check in symbolic)


def test_where_pieces_agree_on_an_interval_the_cases_say_so():
    for expression in (Max(x, Abs(x)), Piecewise((x**2, Eq(Abs(x), x)), (-x, True))):
        derivation = derive.differentiate(expression, x)
        assert derivation.verified, failures(derivation)
        covered = next(c for c in derivation.verification.result if c.subject == "the cases cover the domain")
        assert covered.passed and covered.points > 1000


def test_a_dropped_case_is_caught():
    derivation = derive.differentiate(Max(0, x) + Max(x, -x), x, check=False)
    assert len(derivation.cases) >= 2
    dropped = replace(derivation, cases=derivation.cases[1:], merge=None,
                      result=Piecewise(*[(case.result, case.relation) for case in derivation.cases[1:]]))
    checked = verify(dropped)
    assert not checked.verified
    assert "the cases cover the domain" in failures(checked)


def test_the_first_step_must_start_from_the_derivative_asked_for():
    derivation = derive.differentiate(x**3, x, check=False)
    other = replace(derivation, expression=x**2)
    assert not verify(other).verified
    assert "the first step starts from the derivative asked for" in failures(verify(other))


def test_a_seed_repeats_a_run_and_runs_differ_without_one(monkeypatch):
    derivation = derive.differentiate(x**2 * exp(x), x, check=False)
    first, again = verify(derivation, seed=5), verify(derivation, seed=5)
    assert first.verification == again.verification and first.verification.seed == 5
    with derive.seeded(5):
        assert verify(derivation).verification == first.verification
    monkeypatch.delenv("DERIVE_SEED", raising=False)
    seeds = {verify(derivation).verification.seed for _ in range(3)}
    assert len(seeds) == 3


def test_checks_are_data_in_the_json():
    with derive.seeded(3):
        data = json.loads(derive.softmax().to_json())
    assert data["seed"] == 3 and data["schema"] == "derive.derivation/1"
    first = data["checks"][0]
    assert first["step"] == 1 and first["points"] >= UNIFORM and first["lengths"] == [2, 3, 5]
    assert len(first["patterns"]) == 5 and first["seed"] == 3
    subjects = [check["subject"] for check in data["checks"]]
    assert DOMAIN in subjects and "the cases cover the domain" in subjects


def test_a_plan_draws_points_where_the_function_is_real_only():
    plan = Plan(1, sqrt(x - 1))
    (instance,) = plan.for_case(None)
    values = instance.columns.inputs[x][instance.usable]
    assert values.min() >= 1 and values.size > 500


def test_where_a_point_counts_only_for_some_values_of_another_input_more_points_are_drawn():
    """e^(-w z) overflows for most (w, z) in [-100, 100]^2, so a point with z in a given interval
    usually does not count: uniform points are drawn until UNIFORM of them count."""
    from derive.checker.points import SIZE

    w, z = symbols("w z", real=True)
    plan = Plan(3, 1 / (1 + exp(-w * z)))
    (instance,) = plan.for_case(None)
    real = instance.columns.real_throughout(plan.domain)
    assert instance.columns.size > SIZE and int(instance.usable.sum()) == int(real.sum())
    uniform = int(real[:UNIFORM].sum()) + int(real[SIZE:].sum())  # the first uniform block and those added
    assert uniform == UNIFORM or int(real[SIZE:].size) == int(real[SIZE:].sum())  # exactly enough, or all found
    one_input = Plan(3, sqrt(x - 1))  # one input: a point in an interval of the domain always counts
    assert one_input.for_case(None)[0].columns.size == SIZE


def test_the_check_summary_says_what_it_rests_on():
    with derive.seeded(4):
        text = derive.softmax().render("text", width=200)
    assert "seed 4" in text and "i, j, k all different" in text and "L = 2, 3, 5" in text
    assert "Proven symbolically too: steps" in text


def test_where_sympy_can_solve_the_cases_it_proves_they_cover_the_line():
    """relu's cases x > 0 and x < 0 leave out the kink x = 0 only; max(x, |x|)'s leave out nothing."""
    for expression, left in ((Max(0, x), "{0}"), (Max(x, Abs(x)), "the whole real line")):
        covered = next(c for c in derive.differentiate(expression, x).verification.result
                       if c.subject == "the cases cover the domain")
        assert covered.passed and covered.method == "numeric and symbolic" and covered.symbolic
        assert left in covered.detail


def test_a_factor_exactly_zero_makes_the_product_exactly_zero_whatever_else_is_unsure():
    """Away from its jump, the derivative of a step is exactly 0, and so is any product holding
    it, even where another factor's rounding bound is wide (sqrt(1 - atanh(0)^2), whose slope
    by the old formula was 0/0): the screen decides those points instead of leaving none."""
    from sympy import Abs, Heaviside, acos, atanh, sqrt

    derivation = derive.differentiate(Abs(acos(atanh(Heaviside(x)))), x)
    assert derivation.verified, [c.detail for c in derivation.verification.failures]
    assert all(check.points > 0 for check in derivation.verification.steps if check.method.startswith("numeric"))
    assert derive.differentiate(sqrt(1 - x**2) * x**2, x).verified


def test_the_rounding_bound_of_a_product_is_each_factors_error_times_the_other_factors():
    """The screen's bound on a product's rounding, computed from both ends in n steps, is the sum
    over the factors of its error times the product of the others (the direct n^2 sum)."""
    import numpy as np
    from sympy import Mul, cos, sin

    from derive.checker.floats import Columns, _underflow

    rng = np.random.default_rng(5)
    points = {x: rng.uniform(-3, 3, 50)}
    factors = [sin(x), cos(x), exp(x), x + 1, sqrt(x**2 + 1)]
    columns = Columns(50, None, {}, dict(points))
    value, error = columns.value(Mul(*factors))
    parts = [columns.value(factor) for factor in factors]
    values = [np.broadcast_to(v, (50,)) for v, _ in parts]
    direct = np.abs(value) * len(factors)
    for position, (_, part) in enumerate(parts):
        direct = direct + part * np.prod([np.abs(v) for n, v in enumerate(values) if n != position], axis=0)
    direct = direct + _underflow(value, values)
    assert np.allclose(error, direct, rtol=1e-12, atol=0) and np.all(error > 0)
