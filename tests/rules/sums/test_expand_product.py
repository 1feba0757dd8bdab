"""expand the product: a (b + c) = a b + a c, inside a sum, when the bracket changes with its index"""

import pytest
from sympy import KroneckerDelta, Mul, UnevaluatedExpr

from derive.rules import Context
from derive.rules.sums.expand_product import expand_product_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Mul(s.z[s.j], KroneckerDelta(s.j, s.k) - s.S[s.k]),
                            s.z[s.j] * KroneckerDelta(s.j, s.k) - s.z[s.j] * s.S[s.k], s.z[s.j]), id="g_j (delta - S_k)"),
    pytest.param(lambda s: (Mul(s.z[s.j], UnevaluatedExpr(s.S[s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.k]))),
                            s.z[s.j] * s.S[s.j] * KroneckerDelta(s.j, s.k) - s.z[s.j] * s.S[s.j] * s.S[s.k],
                            s.z[s.j] * s.S[s.j]), id="a product in brackets counts with its factors"),
    pytest.param(lambda s: (Mul(s.x, s.z[s.j] + s.x), s.x * s.z[s.j] + s.x**2, s.x), id="x (z_j + x)"),
])
def test_expand_product_rewrites(sym, build, justifies):
    node, expected, a = build(sym)
    rewrite = expand_product_rule.apply(node, sym.inside_sum_over(sym.j))
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings["a"] == a and rewrite.bindings["product"] == node
    justifies(expand_product_rule, rewrite, node)


@pytest.mark.parametrize("build, inside", [
    pytest.param(lambda s: Mul(s.S[s.k], s.z[s.k] - s.S[s.j]), False, id="outside any sum: stays factored"),
    pytest.param(lambda s: Mul(s.z[s.j], s.x + s.y), True, id="the bracket does not change with the summation index"),
    pytest.param(lambda s: s.z[s.j] * s.S[s.j], True, id="no bracket"),
    pytest.param(lambda s: s.z[s.j] + s.S[s.j], True, id="a sum, not a product"),
])
def test_expand_product_does_not_apply(sym, build, inside):
    context = sym.inside_sum_over(sym.j) if inside else Context()
    assert expand_product_rule.apply(build(sym), context) is None
