"""expand over a Kronecker delta: a (delta_lk + b) = a delta_lk + a b, inside a sum over l, only when
a term of the bracket is a Kronecker delta of the summation index"""

import pytest
from sympy import KroneckerDelta, Mul, Sum, UnevaluatedExpr

from derive.rules import Context
from derive.rules.sums.expand_over_delta import expand_over_delta_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Mul(s.z[s.j], KroneckerDelta(s.j, s.k) - s.S[s.k]),
                            s.z[s.j] * KroneckerDelta(s.j, s.k) - s.z[s.j] * s.S[s.k], s.z[s.j]), id="g_j (delta - S_k)"),
    pytest.param(lambda s: (Mul(s.z[s.j], UnevaluatedExpr(s.S[s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.k]))),
                            s.z[s.j] * s.S[s.j] * KroneckerDelta(s.j, s.k) - s.z[s.j] * s.S[s.j] * s.S[s.k],
                            s.z[s.j] * s.S[s.j]), id="a product in brackets counts with its factors"),
    pytest.param(lambda s: (Mul(s.x, s.L * KroneckerDelta(s.j, s.k) - 1), s.L * s.x * KroneckerDelta(s.j, s.k) - s.x,
                            s.x), id="the delta with a coefficient"),
])
def test_expand_over_delta_rewrites(sym, build, justifies):
    node, expected, a = build(sym)
    rewrite = expand_over_delta_rule.apply(node, sym.inside_sum_over(sym.j))
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings["a"] == a and rewrite.bindings["product"] == node
    justifies(expand_over_delta_rule, rewrite, node)


@pytest.mark.parametrize("build, inside", [
    pytest.param(lambda s: Mul(s.z[s.j], s.S[s.j] - Sum(s.z[s.l] * s.S[s.l], (s.l, 1, s.L))), True,
                 id="a bracket with no delta stays factored"),
    pytest.param(lambda s: Mul(s.z[s.j], KroneckerDelta(s.i, s.k) - s.S[s.j]), True,
                 id="the delta is not of the summation index"),
    pytest.param(lambda s: Mul(s.S[s.k], KroneckerDelta(s.j, s.k) - s.S[s.j]), False, id="outside any sum"),
    pytest.param(lambda s: s.z[s.j] * KroneckerDelta(s.j, s.k), True, id="no bracket"),
])
def test_expand_over_delta_does_not_apply(sym, build, inside):
    context = sym.inside_sum_over(sym.j) if inside else Context()
    assert expand_over_delta_rule.apply(build(sym), context) is None
