"""derive expr --where: named parts, read as derive check reads its where lines, folded into the
result, carried in the JSON, and checked by unfolding them, as every other definition."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import IndexedBase, Symbol, count_ops, sqrt, sympify

import derive
from derive.readers.check_file import BadInput, read_where
from derive.readers.text import parse
from tests.commandline import run_cli

RMS = ["gamma[j]*x[j]/r", "--wrt", "x[k]", "--where", "r = sqrt(Sum(x[l]**2, (l, 1, N))/N + eps)"]


def _derive(expression, wrt, *wheres):
    definitions, integers = read_where(wheres, [expression, wrt])
    return derive.differentiate(parse(expression, integers=integers), parse(wrt, integers=integers),
                                definitions=definitions)


def test_where_reads_plain_and_indexed_names_latest_first_keeping_the_names_they_use():
    definitions, integers = read_where(["mu = Sum(x[l], (l, 1, N))/N", "xhat[j] = (x[j] - mu)/s"])
    hat, mean = definitions
    assert str(hat.name) == "xhat[j]" and hat.body.has(Symbol("mu")) and str(hat.index) == "j"
    assert mean.name == Symbol("mu") and mean.index == ()
    assert {"j", "l", "N"} <= integers


@pytest.mark.parametrize("wheres, words", [
    (["mu"], "--where 1: a where reads 'NAME = EXPRESSION'"),
    (["mu = 1", "mu = 2"], "--where 2: mu is defined twice"),
    (["a = c", "b = a", "c = b"], "--where 3: the definition of c uses c itself"),
    (["x[1] = 2"], "--where 1: a defined name takes distinct index letters"),
    (["mu = __import__('os')"], "--where 1: unknown function"),
])
def test_a_where_that_cannot_be_read_is_refused_naming_it(wheres, words):
    with pytest.raises(BadInput, match=words.replace("(", r"\(").replace("[", r"\[")):
        read_where(wheres)


def test_derive_expr_where_folds_the_result_into_the_name_and_is_proven(capsys):
    code, out, err = run_cli(["expr", *RMS, "--seed", "3"], capsys)
    assert code == 0, err
    assert "PROVEN" in out and "proven derivative" in out and "lemma d r/dx_k" in out, \
        "the derivative of r is derived once, as a lemma, and used"
    assert "N = 2, 3, 5" in out and "L = " not in out, "the length is named as the user wrote it"


def test_a_where_given_twice_is_allowed_and_a_bad_one_is_one_line_and_exit_2(capsys):
    code, out, err = run_cli(["expr", "x[j]/n", "--wrt", "x[k]", "--where", "n = sqrt(Sum(x[l]**2, (l, 1, N)))",
                              "--where", "y[j] = x[j]/n", "--seed", "1"], capsys)
    assert code == 0, err
    code, out, err = run_cli(["expr", "x", "--wrt", "x", "--where", "mu = exp("], capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err and err.startswith("derive: error: --where 1")


def test_the_json_lists_the_definitions_used_and_only_those(capsys):
    code, out, _ = run_cli(["expr", *RMS, "--where", "unused = 2", "-f", "json", "--seed", "2"], capsys)
    assert code == 0
    record = json.loads(out)
    names = [item["name"] for item in record["definitions"]]
    assert names == ["Symbol('r')"]
    body = sympify(record["definitions"][0]["body"])  # srepr of our own output, in the test only
    assert body.func == sqrt(Symbol("a")).func
    assert any(check["length_symbols"] == ["N"] for check in record["checks"])


def test_softmax_json_carries_its_definition_of_S(capsys):
    code, out, _ = run_cli(["softmax", "-f", "json", "--seed", "1"], capsys)
    assert code == 0
    assert [item["name"] for item in json.loads(out)["definitions"]] == [
        "Indexed(IndexedBase(Symbol('S')), Symbol('i', integer=True), Symbol('j', integer=True))"]


def test_the_result_is_folded_into_the_named_parts_and_no_larger_than_the_closed_form():
    derivation = _derive(*RMS[0:1], "x[k]", RMS[-1])
    r, N = Symbol("r"), Symbol("N", integer=True)
    x, gamma = IndexedBase("x"), IndexedBase("gamma")
    j, k = Symbol("j", integer=True), Symbol("k", integer=True)
    from sympy import KroneckerDelta

    closed = gamma[j] / r * (KroneckerDelta(j, k) - x[j] * x[k] / (N * r**2))
    assert derivation.verified
    assert derivation.unified.free_symbols >= {r} and not derivation.unified.has(sqrt(Symbol("eps")))
    assert count_ops(derivation.unified) <= count_ops(closed)


def test_a_user_definition_is_checked_by_unfolding_it():
    """The same steps, with r said to stand for something else: the steps of the lemma d r/dx_k
    that fold into r no longer follow, the lemma was proven for another r, and the derivation
    is not proven."""
    derivation = _derive(*RMS[0:1], "x[k]", RMS[-1])
    assert derivation.verified
    wrong, _ = read_where(["r = sqrt(Sum(x[l]**2, (l, 1, N))/N + 2*eps)"], [RMS[0], "x[k]"])
    tampered = derive.verify(replace(derivation, definitions=wrong, verification=None), seed=5)
    assert not tampered.verified
    assert [check.subject for check in tampered.verification.failures] == ["lemma d r/dx_k"]
    lemma, = derivation.lemmas
    tampered = derive.verify(replace(lemma, definitions=wrong, verification=None), seed=5)
    assert not tampered.verified
    assert any("write the power" in check.subject for check in tampered.verification.failures)


LAYERNORM_WHERE = ["mu = Sum(x[l], (l, 1, N))/N", "sigma = sqrt(Sum((x[m] - mu)**2, (m, 1, N))/N + eps)",
                   "xhat[j] = (x[j] - mu)/sigma"]


def test_layernorm_typed_out_in_sums_folds_into_the_names_given_with_where():
    """The issue's case: LayerNorm written out with sums, the names given by --where: the result is
    the textbook's (N delta_jk - 1 - xhat_j xhat_k) / (N sigma), not twenty lines of nested sums."""
    from sympy import KroneckerDelta, Sum

    text = "(x[j] - Sum(x[l],(l,1,N))/N)/sqrt(Sum((x[m]-Sum(x[l],(l,1,N))/N)**2,(m,1,N))/N + eps)"
    derivation = _derive(text, "x[k]", *LAYERNORM_WHERE)
    assert derivation.verified
    result = derivation.unified
    assert not result.has(Sum)
    sigma, N = Symbol("sigma"), Symbol("N", integer=True)
    xhat, j, k = IndexedBase("xhat"), Symbol("j", integer=True), Symbol("k", integer=True)
    closed = (KroneckerDelta(j, k) - 1 / N - xhat[j] * xhat[k] / N) / sigma
    assert count_ops(result) <= count_ops(closed)
    assert (result - closed).expand() == 0


@pytest.mark.parametrize("arguments", [["m*x", "--wrt", "x", "--where", "x = 2"],
                                       ["xh[j]", "--wrt", "x[k]", "--where", "x[j] = 2*m"]])
def test_a_where_that_defines_the_input_differentiated_by_is_refused_in_one_line(arguments, capsys):
    code, out, err = run_cli(["expr", *arguments], capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "what --wrt differentiates by" in err
