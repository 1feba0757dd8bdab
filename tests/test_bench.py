"""The benchmark scripts in bench/ run: the corpus parses, one expression is measured and verified,
the growth families build and run at n = 2. No figure about wall-clock time is asserted."""

import sys
from pathlib import Path

import pytest
from sympy import Expr, Symbol, exp

from derive.readers.text import parse, parse_variable

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import corpus_run  # noqa: E402
import growth  # noqa: E402


def test_corpus_has_at_least_100_entries_that_all_parse():
    assert len(corpus.CORPUS) >= 100
    assert len({(entry.text, entry.wrt) for entry in corpus.CORPUS}) == len(corpus.CORPUS)
    for entry in corpus.CORPUS:
        expression, variable = parse(entry.text), parse_variable(entry.wrt)
        assert isinstance(expression, Expr)
        assert variable in expression.free_symbols, entry


def test_corpus_covers_the_classes_asked_for():
    texts = " ".join(entry.text for entry in corpus.CORPUS)
    for piece in ("erf(", "sqrt(", "abs(", "asin(", "atanh(", "sinh(", "x^x", "2^x", "1/(1 + exp(-x))",
                  "log(1 + exp(x))", "x*tanh(log(1 + exp(x)))", "exp(z1)/(exp(z1) + exp(z2) + exp(z3))", "z[1]"):
        assert piece in texts, piece
    assert len(corpus.KINDS) >= 10


@pytest.mark.parametrize("entry", [corpus.CORPUS[0], corpus.CORPUS[45], corpus.CORPUS[-10]],
                         ids=lambda entry: entry.text)
def test_measure_reports_a_verified_derivation(entry):
    row = corpus_run.measure(entry, runs=1)
    assert row["error"] is None
    assert row["verified"] is True and row["failures"] == []
    assert row["steps"] >= 1
    assert all(row[f"{key}_s"] > 0 for key in ("derive", "checked", "diff"))


def test_measure_reports_an_error_instead_of_raising():
    row = corpus_run.measure(("test", "Max(x, x^2)", "x"), runs=1)
    assert row["error"] is None or row["error"].startswith("NoRuleApplies")


def test_speed_summary_and_size_comparison_accept_other_lists():
    rows = [corpus_run.measure(entry, runs=1) for entry in corpus.CORPUS[:2]]
    summary = corpus_run.speed_summary(rows)
    assert summary["total"]["n"] == 2 and summary["total"]["verified"] == 2
    x = Symbol("x")
    triples = [("sigmoid", 1 / (1 + exp(-x)), x), ("softplus", "log(1 + exp(x))", "x")]
    for items in (triples, {name: (e, v) for name, e, v in triples}, lambda: triples):
        size_rows, size = corpus_run.size_comparison(items, budget=30, show=False)
        assert [r["name"] for r in size_rows] == ["sigmoid", "softplus"]
        assert all(r["derive"] is not None and r["diff"] is not None for r in size_rows)
        assert size["items"] == 2


def test_growth_runs_for_n_equal_2():
    for family in growth.FAMILIES:
        row = growth.grow(family, 2, runs=1)
        assert row["verified"] is True, row
        assert row["steps"] >= 2
        assert all(row[f"{key}_s"] is not None for key in ("derive", "checked", "diff"))


def test_growth_families_have_n_factors_or_n_levels():
    x = growth.X
    assert len(growth.linear_product(8).args) == 8
    assert len(growth.mixed_product(8).args) == 8
    depth, e = 0, growth.FAMILIES["sin/cos nest"][1](5)
    while e != x:
        e, depth = e.args[0], depth + 1
    assert depth == 5


def test_the_printing_benchmark_measures_every_format_and_the_share_printing():
    import printing

    text = printing.product_text(2)
    assert text == "x**1*sin(1*x)*x**2*sin(2*x)"
    figures = printing.in_process(text, runs=1)
    assert set(figures["share"]) == set(printing.FORMATS)
    assert all(0 < share < 1 for share in figures["share"].values())


def test_the_printing_benchmark_times_each_phase_of_a_cold_process():
    import printing

    figures = printing.cold_by_phase(printing.product_text(2), runs=1, formats=("json",))
    json_figures = figures["json"]
    assert json_figures["verified"] is True and json_figures["runs"] == 1
    phases = json_figures["median_ms"]
    assert all(phases[name] > 0 for name in (*printing.PHASE_NAMES, "whole"))
    assert sum(phases[name] for name in printing.PHASE_NAMES) < phases["whole"]  # the process also starts and ends
    assert json_figures["share"] == phases["render"] / phases["whole"]
