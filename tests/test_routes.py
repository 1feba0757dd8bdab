"""The routes: each an ordered list of rules, stated in derive/engine/routes.py, and what each derives."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sympy import Derivative, IndexedBase, KroneckerDelta, Symbol, expand

from derive import cli
import derive
from derive.checker.agreement import compare
from derive.functions.notation import QA
from derive.printers import render_comparison
from derive.engine.routes import ALGEBRA, CALCULUS, ELEMENTARY, QUOTIENT, ROUTES, SUMS
from derive.functions.backward import cross_entropy_route, vector_jacobian_route
from derive.rules import every_rule, rules_in

ROOT = Path(__file__).resolve().parent.parent

calculus, functions, cases = rules_in("calculus"), rules_in("functions"), rules_in("cases")
softmax = rules_in("for_functions.softmax")


def differentiates(rule):
    """Whether the rule looks at derivatives (the calculus), not at what they leave (the algebra)."""
    return Derivative in rule.on


SEQUENCE = {  # the rules as they fire, shared steps then each case, then the merge
    "product": ["product rule", "power rule", "sum of derivatives", "exponential rule", "indexed variable rule",
                "exponential rule", "indexed variable rule", "kronecker delta collapse", "split the fraction",
                "fold into the definition", "fold into the definition", "fold into the definition",
                "factor out a common factor", "case split", "case split", "merge the cases"],
    "log": ["log-derivative", "log of a quotient", "log of an exponential", "sum rule", "indexed variable rule",
            "constant factor rule", "logarithm rule", "sum of derivatives", "exponential rule",
            "indexed variable rule", "kronecker delta collapse", "fold into the definition",
            "fold into the definition", "case split", "case split", "merge the cases"],
}


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_route_names_rules_of_the_package_each_once_and_merges_the_cases(name):
    route = ROUTES[name]
    package = {id(rule) for rule in every_rule()}
    assert all(id(rule) in package for rule in route.rules), "a route's rules are the ones rules/ defines"
    assert len({id(rule) for rule in route.rules}) == len({rule.name for rule in route.rules}) == len(route.rules)
    assert route.merge is cases.merge_cases_rule


def test_the_quotient_route_is_the_calculus_then_the_algebra():
    assert QUOTIENT.rules == CALCULUS + SUMS + ALGEBRA
    assert not any(differentiates(rule) for rule in SUMS)
    assert not any(differentiates(rule) for rule in ALGEBRA)
    assert QUOTIENT.rules.index(calculus.quotient_rule) < QUOTIENT.rules.index(calculus.product_rule)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_works_out_every_derivative_before_the_cases_and_the_fold(name):
    rules = ROUTES[name].rules
    last = max(position for position, rule in enumerate(rules) if differentiates(rule))
    for later in (cases.kronecker_in_case_rule, cases.case_split, rules_in("definitions").fold_definition_rule):
        assert rules.index(later) > last, later.name


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_tries_the_constant_rule_before_any_other_derivative(name):
    """Nothing constant is differentiated further; only the log route's log-derivative, on the whole
    softmax, and the unfolding of a named part (which looks constant to the constant rule, and
    differentiates nothing) come before it."""
    unfold = rules_in("definitions").unfold_definition_rule
    rules = [rule for rule in ROUTES[name].rules if rule not in (softmax.log_derivative_rule, unfold)]
    assert ROUTES[name].rules.index(unfold) < ROUTES[name].rules.index(calculus.constant_rule)
    assert rules.index(calculus.constant_rule) == min(n for n, rule in enumerate(rules) if differentiates(rule))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_holds_the_elementary_rules_together_before_the_exponential_rule(name):
    rules = ROUTES[name].rules
    start = rules.index(ELEMENTARY[0])
    assert rules[start:start + len(ELEMENTARY)] == ELEMENTARY
    assert rules[start + len(ELEMENTARY)] is functions.exponential_rule


def test_the_product_route_is_the_calculus_without_the_quotient_rule():
    calculus_part = [rule for rule in ROUTES["product"].rules if rule in CALCULUS]
    assert calculus_part == [rule for rule in CALCULUS if rule is not calculus.quotient_rule]


def test_the_log_route_starts_with_the_log_derivative_and_differentiates_without_quotient_or_product_rule():
    rules = ROUTES["log"].rules
    assert rules[0] is softmax.log_derivative_rule
    calculus_part = {id(rule) for rule in rules if rule in CALCULUS}
    left_out = (calculus.quotient_rule, calculus.product_rule)
    assert calculus_part == {id(rule) for rule in CALCULUS if rule not in left_out}


def test_every_rule_of_the_package_is_in_a_route():
    """A rule file is used by a line in a route: the routes here or the backward pass's."""
    proven = derive.softmax()
    used = {id(rule) for route in ROUTES.values() for rule in (*route.rules, route.merge)}
    used |= {id(rule) for route in (vector_jacobian_route(proven), cross_entropy_route(proven, []))
             for rule in route.rules}
    unused = [rule.name for rule in every_rule() if id(rule) not in used]
    assert not unused, unused


@pytest.mark.parametrize("name", sorted(SEQUENCE))
def test_each_route_fires_its_rules_in_order(name):
    assert [step.rule.name for step in derive.softmax(route=name).all_steps()] == SEQUENCE[name]


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_route_proves_the_same_result(name):
    d = derive.softmax(route=name)
    assert d.verified
    S, i, j, k = IndexedBase("S"), *(Symbol(n, integer=True) for n in "ijk")
    assert expand(d.unified - S[i, j] * (KroneckerDelta(j, k) - S[i, k])) == 0
    assert [expand(case.result) for case in d.cases] == [expand(S[i, j] * (1 - S[i, k])), -S[i, j] * S[i, k]]


def test_the_product_route_keeps_the_single_expression_before_the_cases():
    """The Q&A answer reaches delta_ij p_j - p_j p_i first, then splits into cases."""
    d = derive.softmax(route="product", notation=QA)
    assert d.steps[-1].rule.name == "factor out a common factor"
    p, i, j = IndexedBase("p"), Symbol("i", integer=True), Symbol("j", integer=True)
    assert d.steps[-1].after == p[j] * (KroneckerDelta(i, j) - p[i])


def test_the_log_route_differentiates_the_logarithm_first():
    d = derive.softmax(route="log")
    assert d.steps[0].rule.name == "log-derivative" and "log" in str(d.steps[0].after)


def test_a_comparison_of_every_route_agrees_and_prints_in_every_format(tmp_path):
    comparison = compare(derive.softmax(route=name) for name in ROUTES)
    assert comparison.verified and len(comparison.checks) == len(ROUTES) - 1
    assert all(check.passed and check.symbolic for check in comparison.checks)
    data = json.loads(render_comparison(comparison, "json"))
    assert data["schema"] == "derive.comparison/1" and data["verified"] is True
    assert [d["schema"] for d in data["derivations"]] == ["derive.derivation/1"] * len(ROUTES)
    assert "Every route, side by side" in render_comparison(comparison, "markdown")
    document = tmp_path / "routes.tex"
    document.write_text(render_comparison(comparison, "latex"), encoding="utf-8")
    compiled = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", document.name],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert compiled.returncode == 0, compiled.stdout[-2000:]


def test_a_comparison_that_disagrees_is_not_proven():
    quotient, product = derive.softmax(route="quotient"), derive.softmax(route="product")
    from dataclasses import replace

    S, i, j, k = IndexedBase("S"), *(Symbol(n, integer=True) for n in "ijk")
    wrong_merge = replace(product.merge, after=S[i, j] * (KroneckerDelta(j, k) + S[i, k]))
    comparison = compare([quotient, replace(product, merge=wrong_merge)])
    assert not comparison.verified and not comparison.checks[0].passed


def test_route_all_on_the_command_line(capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["softmax", "--route", "all"])
    out = capsys.readouterr().out
    assert raised.value.code == 0
    for name in ROUTES:
        assert f"Route: {name}" in out
    assert "All routes agree: PROVEN" in out
