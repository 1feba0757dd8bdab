"""The second derivative of the softmax cross-entropy, d²Loss/dz_j dz_k = S_j (δ_jk − S_k): derived
from the proven first order with the proven softmax derivative as the rule for S, every step
checked under every index pattern, and its Hessian diag(S) − S Sᵀ at --size and --at."""

from dataclasses import replace

import pytest
from commandline import run_cli
from sympy import IndexedBase, KroneckerDelta, Symbol

from derive.engine.orders import ProvenName
from derive.functions import catalog
from derive.functions.hessian import second_order_route, softmax_cross_entropy_second
from derive.functions.jacobian import at, jacobian
from derive.functions.softmax import softmax, softmax_cross_entropy

i, j, k = (Symbol(letter, integer=True) for letter in "ijk")
S, z = IndexedBase("S"), IndexedBase("z")


@pytest.fixture(scope="module")
def second():
    return catalog.derive_entry("softmax-cross-entropy", order=2)


def test_the_second_order_ends_in_the_textbook_form_proven(second):
    assert second.verified
    assert second.unified == S[i, j] * (KroneckerDelta(j, k) - S[i, k])
    assert second.order == 2 and second.wrt == (z[i, j], z[i, k])


def test_the_second_order_reuses_the_proven_softmax_derivative_rather_than_deriving_it_again(second):
    later = [step for step in second.all_steps() if step.stage == 2]
    assert [step.rule.name for step in later] == ["sum rule", "proven derivative", "constant rule"]
    assert later[0].before.args[0] == S[i, j] - IndexedBase("y")[i, j]  # d/dz_k of the proven dLoss/dz_j


def test_every_step_is_checked_under_every_pattern_of_the_indices(second):
    checks = second.verification.steps
    assert len(checks) == len(second.all_steps()) and all(check.passed for check in checks)
    patterns = {str(pattern) for check in checks if check.step > 12 for pattern in check.patterns}
    assert len(patterns) == 5  # i, j, k: all equal, i = j != k, i = k != j, j = k != i, all different
    subjects = [check.subject for check in second.verification.result]
    assert "result against sympy.diff twice (the explicit loss, by both inputs)" in subjects
    assert any(subject.startswith("the second order starts from the first order's result") for subject in subjects)


def test_a_wrong_rule_for_the_softmax_is_never_proven():
    first, proven = softmax_cross_entropy(), softmax()
    wrong = replace(proven, merge=None, cases=(), result=-S[i, j] * S[i, k])  # a slip: the diagonal's S_j left out
    assert wrong.verified and wrong.unified == -S[i, j] * S[i, k]
    derivation = softmax_cross_entropy_second(first, wrong)
    assert not derivation.verified
    failed = {check.subject for check in derivation.verification.failures}
    assert "result against sympy.diff twice (the explicit loss, by both inputs)" in failed
    assert any(subject.startswith("step 14 (proven derivative)") for subject in failed)


def test_the_route_tries_the_proven_rule_before_the_constant_rule():
    names = [rule.name for rule in second_order_route(softmax()).rules]
    assert names.index("proven derivative") < names.index("constant rule")
    assert isinstance(ProvenName(S[i, j], z[i, k], S[i, j], True, "t"), ProvenName)


def test_the_hessian_at_size_3_is_diag_s_minus_s_st_compared_with_sympy_hessian(second):
    matrix = jacobian(second, 3)
    assert matrix.verified and matrix.words.short == "Hessian" and matrix.compared
    assert matrix.matrix[0, 0] == S[i, 1] * (1 - S[i, 1]) and matrix.matrix[0, 1] == -S[i, 1] * S[i, 2]
    assert any("sympy.hessian" in check.subject for check in matrix.checks)
    assert "positive semidefinite" in [prop.name for prop in matrix.properties]


def test_the_hessian_at_a_point_is_symmetric_rows_sum_to_zero_and_semidefinite(second):
    point = at(jacobian(second, 3), "1.0,2.0,0.5")
    assert point.verified
    assert {check.subject for check in point.checks} >= {"the Hessian is symmetric", "each row sums to 0",
                                                         "the Hessian is positive semidefinite"}


def test_the_command_line_shows_the_hessian_at_a_point(capsys):
    code, out, err = run_cli(["softmax-cross-entropy", "--order", "2", "--at", "1.0,2.0,0.5"], capsys)
    assert code == 0, err
    assert "The Hessian of the softmax cross-entropy, N = 3" in out and "positive semidefinite" in out
    assert "∂²Loss/∂z_ij∂z_ik" in out


def test_hessian_is_order_two_and_size_must_match_the_point(capsys):
    code, out, err = run_cli(["softmax-cross-entropy", "--hessian", "--size", "2", "--format", "json"], capsys)
    assert code == 0, err
    code, out, err = run_cli(["softmax-cross-entropy", "--order", "2", "--size", "2", "--at", "1,2,3"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "give 2" in err


def test_a_higher_order_of_a_function_folded_into_an_indexed_name_uses_its_definitions_proven_derivative(capsys):
    derivation = catalog.derive_entry("logsumexp", order=2)
    assert derivation.verified
    assert derivation.unified == S[k] * (1 - S[k])


def test_a_second_order_that_starts_anywhere_but_the_proven_first_order_fails_its_link_check(second):
    from sympy import Derivative

    from derive.functions.hessian import checked_against_sympy, one_hot_labels

    y = IndexedBase("y")
    steps = list(second.steps)
    at = next(n for n, step in enumerate(steps) if step.stage == 2)
    steps[at] = replace(steps[at], before=Derivative(S[i, j] + y[i, j], z[i, k]))  # a sign slip in the start
    checked = checked_against_sympy(replace(second, steps=tuple(steps)), (one_hot_labels(softmax_cross_entropy()),))
    failed = [check.subject for check in checked.verification.result if not check.passed]
    assert len(failed) == 1 and failed[0].startswith("the second order starts from the first order's result")
