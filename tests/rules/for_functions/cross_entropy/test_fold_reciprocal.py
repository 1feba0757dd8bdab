"""fold the reciprocal into the definition: e^{-z_m} sum_l e^{z_l} = 1 / S_m"""

import pytest
from sympy import Mul, Pow, Sum, UnevaluatedExpr, exp

from derive.rules import Context
from derive.rules.for_functions.cross_entropy.fold_reciprocal import fold_reciprocal_rule


def reciprocal(s, index):
    return exp(-s.z[s.i, index]) * s.denominator


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (reciprocal(s, s.j), 1 / s.S[s.i, s.j], s.j), id="1/S_j alone"),
    pytest.param(lambda s: (s.x * reciprocal(s, s.k), s.x / s.S[s.i, s.k], s.k), id="with another factor"),
    pytest.param(lambda s: (Mul(s.x, UnevaluatedExpr(s.S[s.i, s.j] * (1 - s.S[s.i, s.k])), reciprocal(s, s.j)),
                            Mul(s.x, UnevaluatedExpr(s.S[s.i, s.j] * (1 - s.S[s.i, s.k])), Pow(s.S[s.i, s.j], -1)),
                            s.j), id="S_j in brackets stays: the cancelling is a step of its own"),
    pytest.param(lambda s: (reciprocal(s, 2), 1 / s.S[s.i, 2], 2), id="a concrete index"),
])
def test_fold_reciprocal_rewrites(sym, build, softmax_context, justifies):
    node, expected, m = build(sym)
    rewrite = fold_reciprocal_rule.apply(node, softmax_context)
    assert rewrite is not None
    assert rewrite.after == expected
    body = exp(sym.z[sym.i, m]) / sym.denominator
    assert rewrite.bindings == {"reciprocal": 1 / body, "body": body, "name": sym.S[sym.i, m]}
    justifies(fold_reciprocal_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: exp(-s.z[s.i, s.j]), id="no sum"),
    pytest.param(lambda s: exp(-s.z[s.i, s.j]) * Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L - 1)), id="another sum"),
    pytest.param(lambda s: exp(s.z[s.i, s.j]) / s.denominator, id="the body itself: fold into the definition's"),
    pytest.param(lambda s: Mul(s.S[s.i, s.j], s.x, reciprocal(s, s.j), evaluate=False),
                 id="S_j outside brackets would cancel silently"),
])
def test_fold_reciprocal_does_not_apply(sym, build, softmax_context):
    assert fold_reciprocal_rule.apply(build(sym), softmax_context) is None


def test_fold_reciprocal_needs_the_definition(sym):
    assert fold_reciprocal_rule.apply(reciprocal(sym, sym.j), Context()) is None
