"""fold into a definition: exp(z[i,m]) / sum_l exp(z[i,l]) is written S[i,m]"""

import pytest
from sympy import Sum, UnevaluatedExpr, exp

from derive.rules import Context, Definition
from derive.rules.definitions.fold_definition import fold_definition_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.z[s.i, s.k]) / s.denominator, s.S[s.i, s.k], s.k), id="S_ik"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]) / s.denominator, s.S[s.i, s.j], s.j), id="S_ij"),
    pytest.param(lambda s: (-exp(s.z[s.i, s.k]) / s.denominator, -s.S[s.i, s.k], s.k), id="with a sign"),
    pytest.param(lambda s: (s.x * exp(s.z[s.i, s.k]) / s.denominator, s.x * s.S[s.i, s.k], s.k),
                 id="with another factor"),
    pytest.param(lambda s: (UnevaluatedExpr(exp(s.z[s.i, s.j]) / s.denominator), s.S[s.i, s.j], s.j),
                 id="a held fraction"),
    pytest.param(lambda s: (exp(s.z[s.i, 2]) / s.denominator, s.S[s.i, 2], 2), id="a concrete index"),
])
def test_fold_definition_rewrites(sym, build, softmax_context, justifies):
    node, expected, m = build(sym)
    rewrite = fold_definition_rule.apply(node, softmax_context)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"body": exp(sym.z[sym.i, m]) / sym.denominator, "name": sym.S[sym.i, m]}
    justifies(fold_definition_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: exp(s.z[s.i, s.k]) / Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L - 1)),
                 id="the sum stops at L - 1"),
    pytest.param(lambda s: exp(s.z[s.i, s.k]) / Sum(exp(s.z[s.i, s.l]), (s.l, 2, s.L)), id="the sum starts at 2"),
    pytest.param(lambda s: exp(s.z[s.i, s.k]) / Sum(exp(2 * s.z[s.i, s.l]), (s.l, 1, s.L)),
                 id="another summand"),
    pytest.param(lambda s: exp(s.z[s.i, s.k]) / s.denominator**2, id="denominator squared"),
    pytest.param(lambda s: exp(s.z[s.i, s.k]), id="no denominator"),
    pytest.param(lambda s: s.denominator**-1, id="no numerator"),
    pytest.param(lambda s: exp(s.z[1, s.k]) / s.denominator, id="another sample row upstairs"),
    pytest.param(lambda s: UnevaluatedExpr(s.x * exp(s.z[s.i, s.j]) / s.denominator),
                 id="a held fraction with more than the body"),
])
def test_fold_definition_does_not_apply(sym, build, softmax_context):
    assert fold_definition_rule.apply(build(sym), softmax_context) is None


def test_fold_definition_needs_the_definition(sym):
    node = exp(sym.z[sym.i, sym.k]) / sym.denominator
    assert fold_definition_rule.apply(node, Context()) is None


def test_fold_definition_built_by_hand_matches_the_library(sym, softmax_definition):
    """A Definition built the way derive/notation.py builds it folds the same."""
    by_hand = Definition(sym.S[sym.i, sym.j], exp(sym.z[sym.i, sym.j]) / sym.denominator, sym.j)
    assert by_hand == softmax_definition
    rewrite = fold_definition_rule.apply(exp(sym.z[sym.i, sym.k]) / sym.denominator, Context((by_hand,)))
    assert rewrite.after == sym.S[sym.i, sym.k]


def test_fold_definition_folds_a_plain_name():
    from sympy import IndexedBase, Symbol

    x, l, N, mu = IndexedBase("x"), Symbol("l", integer=True), Symbol("N", integer=True), Symbol("mu")
    mean = Definition(mu, Sum(x[l], (l, 1, N)) / N)
    rewrite = fold_definition_rule.apply(3 * Sum(x[l], (l, 1, N)) / N, Context((mean,)))
    assert rewrite.after == 3 * mu and rewrite.bindings == {"body": mean.body, "name": mu}
    assert fold_definition_rule.apply(3 * Sum(x[l], (l, 1, N)), Context((mean,))) is None, "no 1/N: no mean"
