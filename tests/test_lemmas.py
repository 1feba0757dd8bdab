"""Lemmas: the derivative of each named part is derived once, verified, and reused by the steps
that need it (derive/engine/lemmas.py), the way the sigmoid's proven derivative is reused."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sympy import Derivative, IndexedBase, Sum, Symbol, sqrt

from derive.checker.checks import verify
from derive.engine import lemmas as lemma_module
from derive.engine.lemmas import lemma_order
from derive.functions import layers
from derive.functions.catalog import derive_entry
from derive.rules import Definition, Rewrite, Rule
from derive.rules.forms import d, derivative_parts
from tests.commandline import run_cli


@pytest.fixture(scope="module")
def layernorm():
    return derive_entry("layernorm")


def _names(derivation):
    return [lemma.name for lemma in derivation.lemmas]


def test_the_lemmas_of_layernorm_come_innermost_first_from_the_definitions_alone(layernorm):
    layer = layers.layernorm()
    normalised, deviation, mean = layer.definitions
    assert lemma_order(layer.expression, layer.variable, layer.definitions) == [mean, deviation, normalised]
    assert _names(layernorm) == [mean.name, deviation.name, normalised.name]
    assert [lemma.title for lemma in layernorm.lemmas] == ["d mu/dx_k", "d sigma/dx_k", "d xhat_j/dx_k"]


def test_no_lemma_for_a_part_that_does_not_vary_nor_for_the_part_the_function_is():
    x, k, l = IndexedBase("x"), Symbol("k", integer=True), Symbol("l", integer=True)
    N, c, y = Symbol("N", integer=True, positive=True), Symbol("c"), IndexedBase("y")
    constant = Definition(c, sqrt(Symbol("eps")))
    norm = Definition(Symbol("n"), sqrt(Sum(x[l]**2, (l, 1, N))))
    output = Definition(y[k], x[k] / Symbol("n"), k)
    assert lemma_order(c * x[k], x[k], (constant,)) == []
    assert lemma_order(y[k], x[k], (output, norm)) == [norm]


def test_each_lemma_is_derived_once_and_the_others_use_it(layernorm, monkeypatch):
    """d mu/dx_k is derived once (one derivation starts from the body of mu), and the lemmas of
    sigma and xhat use its rule instead of writing mu out."""
    started = []
    real = lemma_module.derive

    def counting(expression, variable, route, **options):
        started.append(expression)
        return real(expression, variable, route, **options)

    monkeypatch.setattr(lemma_module, "derive", counting)
    derivation = derive_entry("layernorm")
    normalised, deviation, mean = derivation.definitions
    assert started.count(mean.body) == 1 and started.count(deviation.body) == 1 and len(started) == 4
    every = [step for record in (*derivation.lemmas, derivation) for step in record.all_steps()]
    assert not any(step.rule.name == "unfold the definition" for step in every), "no named part is written out"
    used = [step.bindings["f"] for step in every if step.rule.name == "proven derivative"]
    assert used.count(Symbol("mu")) == 2, "d mu/dx_k is used by the lemmas of sigma and of xhat"
    assert used.count(Symbol("sigma", positive=True)) == 1


def test_each_lemma_is_verified_and_its_result_is_in_the_named_parts(layernorm):
    k, N = Symbol("k", integer=True), Symbol("N", integer=True, positive=True)
    assert all(lemma.verified for lemma in layernorm.lemmas)
    assert layernorm.lemmas[0].unified == 1 / N
    assert layernorm.lemmas[1].unified == IndexedBase("xhat")[k] / N
    subjects = [check.subject for check in layernorm.verification.result if check.subject.startswith("lemma")]
    assert subjects == ["lemma d mu/dx_k", "lemma d sigma/dx_k", "lemma d xhat_j/dx_k"]
    assert layernorm.verified and len(layernorm.all_steps()) < 10, "the main derivation uses the lemma of xhat"


def _slip():
    """A wrong rule: d (sum_l x_l) = 2 sum_l d x_l (the sum of derivatives, doubled), only where
    the summand is an input itself (the sum of mu's definition)."""
    def rewrite(node, context):
        parts = derivative_parts(node, Sum)
        if parts is None or not parts[0].function.is_Indexed:
            return None
        f, x = parts
        return Rewrite(2 * Sum(d(f.function, x), *f.limits), {})

    return Rule("sum of derivatives", "", "the derivative of a sum is the sum of the derivatives", rewrite,
                on=(Derivative,))


def test_a_slip_in_a_lemma_leaves_the_whole_derivation_not_proven_and_exits_1(monkeypatch, capsys):
    layer = layers.layernorm()
    monkeypatch.setattr(layers, "layernorm", lambda: replace(layer, rules=(_slip(),)))
    derivation = derive_entry("layernorm")
    assert not derivation.lemmas[0].verified and not derivation.verified
    failed = [check.subject for check in derivation.verification.failures]
    assert "lemma d mu/dx_k" in failed
    code, out, _ = run_cli(["layernorm", "--seed", "2"], capsys)
    assert code == 1 and "NOT PROVEN" in out and "✗ FAILED lemma d mu/dx_k" in out


def test_a_lemma_proven_for_other_definitions_does_not_count(layernorm):
    other = replace(layernorm.lemmas[0], definitions=layernorm.definitions[:2])
    tampered = verify(replace(layernorm, lemmas=(other, *layernorm.lemmas[1:]), verification=None), seed=3)
    assert [check.subject for check in tampered.verification.failures] == ["lemma d mu/dx_k"]


def test_without_a_checker_no_lemma_is_made_and_the_parts_are_unfolded():
    derivation = derive_entry("layernorm", check=False)
    assert derivation.lemmas == ()
    assert any(step.rule.name == "unfold the definition" for step in derivation.all_steps())


def test_renaming_the_parts_renames_the_lemmas_and_their_steps(capsys):
    code, out, err = run_cli(["expr", "g[j]*h[j] + b[j]", "--wrt", "x[k]", "--where", "m = Sum(x[l], (l, 1, N))/N",
                              "--where", "s = sqrt(Sum((x[p] - m)**2, (p, 1, N))/N + eps)",
                              "--where", "h[j] = (x[j] - m)/s", "--format", "json", "--seed", "5"], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert record["verified"] is True
    assert [lemma["title"] for lemma in record["lemmas"]] == ["d m/dx_k", "d s/dx_k", "d h_j/dx_k"]
    assert all(lemma["verified"] for lemma in record["lemmas"])
    assert any("was proven above (d h_j/dx_k)" in step["why"] for step in record["steps"])


@pytest.mark.parametrize("format", ["text", "markdown", "latex", "html"])
def test_every_printer_tells_each_lemma_before_the_steps(layernorm, format):
    from derive.printers import render

    page = render(layernorm, format)
    assert page.index("Lemma d mu") < page.index("Lemma d sigma") < page.index("Lemma d xhat")
    assert page.index("Lemma d xhat") < page.index("Result")
    assert page.count("PROVEN") >= 3
