"""factor out a common factor: a b + a c = a (b + c)"""

import pytest
from sympy import Mul, exp

from derive.rules.algebra.factor_common import factor_out_common_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.x) * s.y + exp(s.x) * s.w, exp(s.x), s.y + s.w), id="e^x y + e^x w"),
    pytest.param(lambda s: (exp(s.x) * s.y - exp(s.x) * s.w, exp(s.x), s.y - s.w), id="a difference"),
    pytest.param(lambda s: (exp(2 * s.x) + exp(s.x) * s.y, exp(s.x), exp(s.x) + s.y),
                 id="e^{2x} counts as e^x e^x"),
    pytest.param(lambda s: (exp(s.x) + exp(s.x) * s.y, exp(s.x), 1 + s.y), id="the factor alone is 1 left"),
    pytest.param(lambda s: (s.x * s.y / s.w + s.x / s.w, s.x, s.y / s.w + 1 / s.w),
                 id="denominators stay with each term"),
    pytest.param(lambda s: (-exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k]) + exp(s.z[s.i, s.j]) * s.denominator,
                            exp(s.z[s.i, s.j]), s.denominator - exp(s.z[s.i, s.k])), id="softmax j = k numerator"),
])
def test_factor_common_rewrites(sym, build, justifies):
    node, c, rest = build(sym)
    rewrite = factor_out_common_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(c, rest)
    assert rewrite.bindings == {"c": c, "sum": node}
    justifies(factor_out_common_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x + s.y, id="nothing in common"),
    pytest.param(lambda s: s.x / s.w + s.y / s.w, id="a common denominator is not a factor taken out"),
    pytest.param(lambda s: 2 * s.x + 2 * s.y, id="numbers are not factored out"),
    pytest.param(lambda s: exp(s.x) * s.y, id="a product, not a sum"),
])
def test_factor_common_does_not_apply(sym, build):
    assert factor_out_common_rule.apply(build(sym), sym.empty) is None
