"""The routes: each an ordered list of rules, stated in derive/routes.py, and what each derives."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sympy import IndexedBase, KroneckerDelta, Symbol, expand

from derive import cli
import derive
from derive.checker.agreement import compare
from derive.functions.notation import QA
from derive.printers import render_comparison
from derive.engine.routes import ELEMENTARY, ROUTES

ROOT = Path(__file__).resolve().parent.parent

ELEMENTARY_NAMES = [rule.name for rule in ELEMENTARY]

ORDER = {
    "quotient": ["constant rule", "variable rule", "indexed variable rule", "sum rule", "sum of derivatives",
                 "quotient rule", "constant factor rule", "product rule", "power rule", "logarithm rule",
                 *ELEMENTARY_NAMES, "exponential rule",
                 "kronecker delta collapse", "kronecker delta in a case", "case split",
                 "cancel a common factor", "factor out a common factor", "split the fraction", "split the difference", "cancel",
                 "fold into the definition", "fold a power into the definition", "the complement of the definition",
                 "cancel a common power", "Pythagorean identity", "the tangent", "power written back", "multiply out"],
    "product": ["constant rule", "variable rule", "indexed variable rule", "sum rule", "sum of derivatives",
                "constant factor rule", "product rule", "power rule", "logarithm rule", *ELEMENTARY_NAMES,
                "exponential rule",
                "kronecker delta collapse", "kronecker delta in a case", "split the fraction",
                "fold into the definition", "factor out a common factor", "case split"],
    "log": ["log-derivative", "log of a quotient", "log of an exponential", "constant rule", "variable rule",
            "indexed variable rule", "sum rule", "sum of derivatives", "constant factor rule",
            "logarithm rule", "power rule", *ELEMENTARY_NAMES, "exponential rule", "kronecker delta collapse", "kronecker delta in a case",
            "fold into the definition", "case split"],
}

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


@pytest.mark.parametrize("name", sorted(ORDER))
def test_the_order_of_each_route_is_stated_once(name):
    assert [rule.name for rule in ROUTES[name].rules] == ORDER[name]
    assert ROUTES[name].merge is not None and ROUTES[name].merge.name == "merge the cases"


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
