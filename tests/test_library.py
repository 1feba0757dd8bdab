"""The library as a user meets it: `import derive`, `derive.softmax()`."""

import dataclasses

import pytest
from sympy import Derivative, Eq, IndexedBase, KroneckerDelta, Ne, Piecewise, Sum, Symbol, exp, expand
from sympy.core.relational import Equality, Unequality

import derive

i, j, k, l = (Symbol(name, integer=True) for name in "ijkl")
L = Symbol("L", integer=True, positive=True)
z, S = IndexedBase("z"), IndexedBase("S")
BODY = exp(z[i, j]) / Sum(exp(z[i, l]), (l, 1, L))


@pytest.fixture(scope="module")
def softmax():
    return derive.softmax()


def test_softmax_is_verified(softmax):
    assert softmax.verified is True
    assert softmax.verification.passed and softmax.verification.failures == ()
    assert all(check.passed for check in softmax.verification.steps + softmax.verification.result)


def test_softmax_has_two_cases_with_sympy_relations(softmax):
    assert len(softmax.cases) == 2
    equal, different = softmax.cases
    assert isinstance(equal.relation, Equality) and isinstance(different.relation, Unequality)
    assert equal.relation == Eq(j, k)
    assert different.relation == Ne(j, k)


def test_softmax_case_results(softmax):
    equal, different = softmax.cases
    assert expand(equal.result) == expand(S[i, j] * (1 - S[i, k]))
    assert expand(different.result) == expand(-S[i, j] * S[i, k])
    assert equal.result == S[i, j] * (1 - S[i, k])  # and literally so
    assert different.result == -S[i, j] * S[i, k]
    assert softmax.result == Piecewise((equal.result, Eq(j, k)), (different.result, Ne(j, k)))


def test_softmax_unified(softmax):
    assert softmax.unified == S[i, j] * (KroneckerDelta(j, k) - S[i, k])
    assert softmax.merge.rule.name == "merge the cases"
    assert softmax.merge.before == softmax.result and softmax.merge.after == softmax.unified


def test_softmax_what_was_derived(softmax):
    assert softmax.expression == BODY
    assert softmax.variable == z[i, k]
    assert softmax.name == S[i, j]
    assert softmax.route == "quotient"
    definition, = softmax.definitions
    assert (definition.name, definition.body, definition.index) == (S[i, j], BODY, j)
    assert dict(softmax.closed_form) == {Eq(j, k): S[i, j] * (1 - S[i, k]), Ne(j, k): -S[i, j] * S[i, k]}


def test_first_step_is_the_quotient_rule_on_the_unevaluated_derivative(softmax):
    first = softmax.steps[0]
    assert first.rule.name == "quotient rule"
    assert first.before == Derivative(BODY, z[i, k], evaluate=False)
    assert isinstance(first.before, Derivative)
    assert first.node == first.before
    assert softmax.start == first.before
    assert first.bindings == {"u": exp(z[i, j]), "v": Sum(exp(z[i, l]), (l, 1, L)), "x": z[i, k]}


def test_all_steps_chain(softmax):
    shared = softmax.steps
    for n in range(len(shared) - 1):
        assert shared[n + 1].before == shared[n].after
    for case in softmax.cases:
        assert case.steps[0].before == shared[-1].after
        for n in range(len(case.steps) - 1):
            assert case.steps[n + 1].before == case.steps[n].after
        assert case.steps[-1].after == case.result
        assert all(step.case == case.relation for step in case.steps)
    assert all(step.case is None for step in shared)
    ordered = softmax.all_steps()
    assert ordered == shared + softmax.cases[0].steps + softmax.cases[1].steps + (softmax.merge,)
    assert not softmax.cases[0].result.has(Derivative) and not softmax.cases[1].result.has(Derivative)


def test_every_step_justification_fills(softmax):
    for step in softmax.all_steps():
        sentence = step.why()
        assert sentence and "{" not in sentence
        assert "{" not in step.explain()


@pytest.mark.parametrize("attribute, value", [
    ("result", 0), ("steps", ()), ("verification", None), ("title", "changed"),
])
def test_derivation_is_frozen(softmax, attribute, value):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(softmax, attribute, value)


def test_records_are_frozen(softmax):
    step, case, check = softmax.steps[0], softmax.cases[0], softmax.verification.steps[0]
    for record, attribute in [(step, "after"), (step, "rule"), (case, "result"), (case, "relation"),
                              (check, "passed"), (softmax.verification, "steps"), (step.rule, "name"),
                              (softmax.definitions[0], "body")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, attribute, None)


def test_unchecked_softmax_is_the_same_derivation_without_a_verdict(softmax):
    unchecked = derive.softmax(check=False)
    assert unchecked.verification is None and unchecked.verified is False
    assert unchecked.all_steps() == softmax.all_steps()
    assert unchecked.unified == softmax.unified


def test_public_names():
    for name in ("softmax", "differentiate", "verify", "Derivation", "Step", "Case", "Check",
                 "NoRuleApplies", "DerivationError", "Route", "Rule", "Definition", "ROUTES"):
        assert hasattr(derive, name), name
    assert "quotient" in derive.ROUTES


def test_results_are_plain_sympy_expressions_a_program_can_evaluate():
    """The groupings the rules hold for display (UnevaluatedExpr) stay in the steps and in
    `shown`; `result`, each case's result and `unified` are plain SymPy expressions."""
    from sympy import Symbol, UnevaluatedExpr, N

    from derive.functions.catalog import CATALOG, derive_entry

    held = []
    for name in CATALOG:
        derivation = derive_entry(name)
        for value in (derivation.result, derivation.unified, *(case.result for case in derivation.cases)):
            if value.has(UnevaluatedExpr):
                held.append(name)
        assert derivation.verified, name
    assert held == []
    silu = derive_entry("silu")
    assert silu.shown.has(UnevaluatedExpr)  # the display form keeps sigma' = sigma(1 - sigma) together
    x = Symbol("x")
    unfolded = silu.definitions[0].unfold(silu.result) if silu.definitions else silu.result
    assert abs(complex(N(unfolded.subs(x, 0.5)))) > 0
