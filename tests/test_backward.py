"""The backward pass: the vector-Jacobian product of softmax and the gradient of the softmax
cross-entropy, each derived with the proven softmax derivative and checked step by step."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Sum, Symbol, log

import derive
from derive.functions.backward import cross_entropy_route, vector_jacobian_route, verify_assuming
from derive.functions.softmax import one_hot_assumption, softmax_backward, softmax_cross_entropy
from derive.engine.run import derive as run_route
from derive.functions.notation import QA, softmax_in
from derive.checker.checks import DOMAIN, check_against_sympy, check_equal, verify
from derive.rules import Definition
from derive.rules.cases.use_assumption import Assumption

i, j, k, l, t = (Symbol(name, integer=True) for name in "ijklt")
L = Symbol("L", integer=True, positive=True)
S, z, g, y = (IndexedBase(name) for name in "Szgy")
CHAIN = "the steps follow on from each other"
START = "the first step starts from the derivative asked for"

BACKWARD_ORDER = ["proven derivative", "sum of derivatives", "constant factor rule", "expand over a Kronecker delta",
                  "split the sum", "kronecker delta collapse", "constant factor out of a sum",
                  "factor out a common factor", "take out a common denominator", "take out the lowest power"]
BACKWARD_SEQUENCE = ["sum of derivatives", "constant factor rule", "proven derivative", "expand over a Kronecker delta",
                     "split the sum", "kronecker delta collapse", "constant factor out of a sum",
                     "factor out a common factor"]
CROSS_ENTROPY_ORDER = ["proven derivative", "sum of derivatives", "constant factor rule", "logarithm rule",
                       "fold the reciprocal into the definition", "cancel a common factor", "expand the product",
                       "split the sum", "kronecker delta collapse", "constant factor out of a sum",
                       "use an assumption"]
CROSS_ENTROPY_SEQUENCE = ["constant factor rule", "sum of derivatives", "constant factor rule", "logarithm rule",
                          "proven derivative", "fold the reciprocal into the definition", "cancel a common factor",
                          "expand the product", "split the sum", "kronecker delta collapse",
                          "constant factor out of a sum", "use an assumption"]


@pytest.fixture(scope="module")
def proven():
    return derive.softmax()


@pytest.fixture(scope="module")
def backward():
    return softmax_backward()


@pytest.fixture(scope="module")
def cross_entropy():
    return softmax_cross_entropy()


def failing_subjects(derivation):
    return [check.subject for check in derivation.verification.failures if check.subject != CHAIN]


def with_step(derivation, number, after):
    """The derivation with step ``number`` (from 1, shared steps only) ending at ``after``."""
    steps = list(derivation.steps)
    steps[number - 1] = replace(steps[number - 1], after=after)
    return replace(derivation, steps=tuple(steps), verification=None)


# the vector-Jacobian product ------------------------------------------------------------------


def test_backward_is_verified_step_by_step(backward):
    assert backward.verified
    assert len(backward.verification.steps) == len(backward.all_steps())
    assert all(check.passed for check in backward.verification.steps + backward.verification.result)
    subjects = [check.subject for check in backward.verification.result]
    assert subjects == [DOMAIN, START, CHAIN, "closed form", "result against sympy.diff"]


def test_backward_route_and_rule_sequence(backward, proven):
    assert [rule.name for rule in vector_jacobian_route(proven).rules] == BACKWARD_ORDER
    assert [step.rule.name for step in backward.all_steps()] == BACKWARD_SEQUENCE
    assert backward.cases == () and backward.merge is None


def test_backward_passes_through_the_chain_rule(backward):
    """After two steps: sum_j g_j dS_j/dz_k, the chain rule with the softmax derivative still to do."""
    body = softmax_in().expression
    assert backward.start == Derivative(Sum(g[i, j] * body, (j, 1, L)), z[i, k], evaluate=False)
    assert backward.steps[1].after == Sum(g[i, j] * Derivative(body, z[i, k], evaluate=False), (j, 1, L))
    used = backward.steps[2]
    assert used.bindings["result"] == S[i, j] * (KroneckerDelta(j, k) - S[i, k])


def test_backward_result_is_the_closed_form(backward):
    expected = S[i, k] * (g[i, k] - Sum(g[i, j] * S[i, j], (j, 1, L)))
    assert backward.unified == expected
    assert backward.closed_form[0][1] == expected


def test_backward_corrupted_step_is_caught(backward):
    number = BACKWARD_SEQUENCE.index("expand over a Kronecker delta") + 1
    step = backward.steps[number - 1]
    first, second = step.after.function.args
    corrupted = verify(with_step(backward, number, Sum(first + second.xreplace({S[i, k]: S[i, j]}), (j, 1, L))))
    assert not corrupted.verified
    assert failing_subjects(corrupted) == [f"step {number} (expand over a Kronecker delta)"]


def test_backward_wrong_result_fails_against_sympy(backward):
    wrong = S[i, k] * (g[i, k] + Sum(g[i, j] * S[i, j], (j, 1, L)))
    corrupted = verify(replace(with_step(backward, len(backward.steps), wrong), result=wrong))
    assert corrupted.unified == wrong
    assert set(failing_subjects(corrupted)) == {"step 8 (factor out a common factor)", "closed form",
                                                "result against sympy.diff"}


def test_backward_in_the_qa_notation():
    d = softmax_backward(QA)
    p, o, gq = IndexedBase("p"), IndexedBase("o"), IndexedBase("g")
    iq, jq, N = Symbol("i", integer=True), Symbol("j", integer=True), Symbol("N", integer=True, positive=True)
    assert d.verified
    assert d.variable == o[iq]
    assert d.unified == p[iq] * (gq[iq] - Sum(gq[jq] * p[jq], (jq, 1, N)))
    assert [step.rule.name for step in d.all_steps()] == BACKWARD_SEQUENCE


def test_backward_upstream_letter_must_be_new():
    with pytest.raises(ValueError, match="upstream gradient"):
        softmax_backward(upstream="S")
    d = softmax_backward(upstream="G", check=False)
    assert d.unified.has(IndexedBase("G")[i, k])


# the cross-entropy ----------------------------------------------------------------------------


def test_cross_entropy_is_verified_under_its_assumption(cross_entropy):
    assert cross_entropy.verified
    assert len(cross_entropy.verification.steps) == len(cross_entropy.all_steps())
    subjects = [check.subject for check in cross_entropy.verification.result]
    assert subjects == [DOMAIN, START, CHAIN, "closed form", "result against sympy.diff",
                        "assumption Σ[j=1..L] y_ij = 1 holds at the points drawn"]
    assert cross_entropy.definitions == (softmax_in().definition,)  # the witness is the checker's only


def test_cross_entropy_route_and_rule_sequence(cross_entropy, proven):
    assumption = one_hot_assumption(y[i, j], j, L, {"S", "z", "i", "j", "k", "l", "L", "y"})
    assert [rule.name for rule in cross_entropy_route(proven, [assumption]).rules] == CROSS_ENTROPY_ORDER
    assert [step.rule.name for step in cross_entropy.all_steps()] == CROSS_ENTROPY_SEQUENCE
    last = cross_entropy.all_steps()[-1]
    assert last.bindings["statement"] == Eq(Sum(y[i, j], (j, 1, L)), 1)
    assert "y is one-hot" in last.justification


def test_cross_entropy_result_is_the_closed_form(cross_entropy):
    assert cross_entropy.unified == S[i, k] - y[i, k]
    assert cross_entropy.closed_form[0][1] == S[i, k] - y[i, k]
    assert cross_entropy.name == Symbol("Loss")


def test_plain_verify_cannot_honour_the_assumption(cross_entropy):
    """Without the witness, random y do not sum to 1: exactly the assumption step and the
    comparison with sympy.diff fail; every step before the assumption passes."""
    plain = verify(replace(cross_entropy, verification=None))
    assert failing_subjects(plain) == ["step 12 (use an assumption)", "result against sympy.diff"]
    assert all(check.passed for check in plain.verification.steps[:11])


def test_the_steps_from_the_assumption_on_hold_for_a_one_hot_y_by_hand(cross_entropy):
    """y_j = delta_jt, a one-hot vector (label t), substituted by hand: the checker draws t too."""
    one_hot = Definition(y[i, j], KroneckerDelta(j, t), j)
    definitions = cross_entropy.definitions + (one_hot,)
    step = cross_entropy.all_steps()[-1]
    check = check_equal("use an assumption, one-hot y", step.before, step.after, None, definitions)
    assert check.passed, check.detail
    against = check_against_sympy(replace(cross_entropy, definitions=definitions))
    assert against.passed, against.detail
    assert ((t,),) in against.patterns or any(t in group for pattern in against.patterns for group in pattern)


def test_cross_entropy_corrupted_step_is_caught(cross_entropy):
    number = CROSS_ENTROPY_SEQUENCE.index("cancel a common factor") + 1
    step = cross_entropy.steps[number - 1]
    corrupted = verify_assuming(with_step(cross_entropy, number, step.after.xreplace({S[i, k]: -S[i, k]})),
                                [one_hot_assumption(y[i, j], j, L, {"S", "z", "i", "j", "k", "l", "L", "y"})])
    assert not corrupted.verified
    assert failing_subjects(corrupted) == [f"step {number} (cancel a common factor)"]


def test_a_false_assumption_is_caught(proven):
    """Assuming sum_j y_j = 2 with the same witness: the step using it and the assumption check fail."""
    true = one_hot_assumption(y[i, j], j, L, {"S", "z", "i", "j", "k", "l", "L", "y"})
    false = Assumption(Eq(true.statement.lhs, 2), "wrong on purpose", true.witness)
    sm = softmax_in()
    expression = -Sum(y[i, j] * log(sm.expression), (j, 1, L))
    d = run_route(expression, sm.variable, cross_entropy_route(proven, [false]), definitions=[sm.definition])
    assert d.result == 2 * S[i, k] - y[i, k]
    checked = verify_assuming(d, [false])
    assert not checked.verified
    assert set(failing_subjects(checked)) == {"step 12 (use an assumption)", "result against sympy.diff",
                                              "assumption Σ[j=1..L] y_ij = 2 holds at the points drawn"}


def test_an_assumption_without_a_witness_cannot_be_checked(cross_entropy):
    with pytest.raises(ValueError, match="no witness"):
        verify_assuming(cross_entropy, [Assumption(Eq(Sum(y[i, j], (j, 1, L)), 1))])


def test_cross_entropy_in_the_qa_notation():
    d = softmax_cross_entropy(QA)
    p, yq, iq = IndexedBase("p"), IndexedBase("y"), Symbol("i", integer=True)
    assert d.verified
    assert d.unified == p[iq] - yq[iq]
    assert [step.rule.name for step in d.all_steps()] == CROSS_ENTROPY_SEQUENCE


def test_cross_entropy_label_letter_must_be_new():
    with pytest.raises(ValueError, match="labels"):
        softmax_cross_entropy(label="z")


# both -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json"])
def test_both_print_in_every_format(backward, cross_entropy, fmt):
    for d in (backward, cross_entropy):
        out = d.render(fmt)
        assert "proven derivative" in out
        assert "FAILED" not in out
        if fmt == "json":
            assert json.loads(out)["verified"] is True
