"""The catalog: every entry derived by the rules, checked, and equal to its closed form."""

import pytest
from sympy import Derivative, Gt, Lt, Symbol, airyai, airyaiprime, sin

from derive import cli
import derive
from derive.functions import catalog as functions
from derive.rules import Context
from derive.rules.calculus.outer_function import outer_function_rule

x = Symbol("x")


@pytest.mark.parametrize("name", [name for name, entry in functions.CATALOG.items() if not entry.command])
def test_every_entry_is_proven_and_checked_against_its_closed_form(name):
    derivation = functions.derive_entry(name)
    assert derivation.verified, derivation.verification.failures
    subjects = [check.subject for check in derivation.verification.result]
    assert any(subject.startswith("closed form") for subject in subjects)
    assert "result against sympy.diff" in subjects
    assert all(step.rule.name for step in derivation.all_steps())


def test_relu_is_split_at_the_kink():
    derivation = functions.derive_entry("relu")
    assert {case.relation: case.result for case in derivation.cases} == {Lt(x, 0): 0, Gt(x, 0): 1}


@pytest.mark.parametrize("name, folded", [("log-softmax", "KroneckerDelta(j, k) - S[k]"), ("logsumexp", "S[k]")])
def test_results_fold_into_the_softmax(name, folded):
    assert str(functions.derive_entry(name).unified) == folded


def test_a_wrong_closed_form_fails(monkeypatch):
    entry = functions.CATALOG["tanh"]
    wrong = functions.Problem(entry.build().expression, x, ((True, 1 + entry.build().expression**2),))
    monkeypatch.setitem(functions.CATALOG, "tanh", functions.Entry("tanh", entry.summary, lambda: wrong))
    derivation = functions.derive_entry("tanh")
    assert not derivation.verified
    assert [check.subject for check in derivation.verification.failures] == ["closed form"]


def test_a_user_adds_a_function_and_a_rule_of_their_own(monkeypatch):
    monkeypatch.setattr(functions, "CATALOG", dict(functions.CATALOG))
    rule = outer_function_rule(airyai, "Airy rule", r"\operatorname{Ai}'(g) = \operatorname{Ai}'(g)",
                               lambda g: airyaiprime(g), what="the Airy function")
    with pytest.raises(derive.NoRuleApplies):
        functions.add("airy-plain", airyai(x**2), x)
        functions.derive_entry("airy-plain")
    functions.add("airy-square", airyai(x**2), x, rules=[rule], closed_form=2 * x * airyaiprime(x**2))
    derivation = functions.derive_entry("airy-square")
    assert derivation.verified
    assert "Airy rule" in [step.rule.name for step in derivation.all_steps()]


def test_a_bad_name_is_refused():
    with pytest.raises(ValueError):
        functions.add("no spaces", sin(x), x)


def run(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)
    out, err = capsys.readouterr()
    return raised.value.code, out, err


def test_derive_list_names_every_entry(capsys):
    code, out, _ = run(["list"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[:len(functions.CATALOG)]] == list(functions.CATALOG)


def test_derive_name_derives_an_entry(capsys):
    code, out, _ = run(["sigmoid", "--format", "json"], capsys)
    assert code == 0 and '"verified": true' in out


def test_an_unknown_name_is_one_line_and_exit_2(capsys):
    code, out, err = run(["sigmoidd"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("derive: error: no command or catalog function 'sigmoidd'") and err.count("\n") == 1


def test_the_sigmoid_folds_into_itself():
    derivation = functions.derive_entry("sigmoid")
    sigma = functions.sigma
    assert derivation.unified == sigma(x) * (1 - sigma(x))
    assert [step.rule.name for step in derivation.all_steps()][-2:] == [
        "fold a power into the definition", "the complement of the definition"]


def test_the_binary_cross_entropy_folds_into_sigma_minus_y():
    """The sigmoid's rule is made from its own verified derivation; sigma and 1 - sigma cancel as
    steps of their own, and multiplied out, y sigma cancels: sigma(x) - y."""
    derivation = functions.derive_entry("binary-cross-entropy")
    sigma = functions.sigma
    assert derivation.verified
    assert derivation.unified == sigma(x) - Symbol("y")
    names = [step.rule.name for step in derivation.all_steps()]
    assert names.count("sigmoid rule") == 2
    assert names[-3:] == ["cancel a common factor", "cancel a common factor", "multiply out"]


def test_the_sigmoid_rule_says_what_the_sigmoid_derivation_proved():
    rule = functions.sigmoid_rule()
    u = Symbol("u")
    rewrite = rule.apply(Derivative(functions.sigma(u**2), u), Context())
    proven = functions.derive_entry("sigmoid").unified
    assert rewrite.bindings["outer"].args[0] == proven.xreplace({x: u**2})
