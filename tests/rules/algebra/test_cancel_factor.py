"""cancel a common factor: (v a) / v = a, where v a is a product in brackets"""

import pytest
from sympy import KroneckerDelta, Mul, Pow, UnevaluatedExpr

from derive.rules.algebra.cancel_factor import cancel_factor_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Mul(s.z[s.j], UnevaluatedExpr(s.S[s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.k])),
                                Pow(s.S[s.j], -1)),
                            s.z[s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.k]), s.S[s.j]), id="y_j (S_j (delta - S_k)) / S_j"),
    pytest.param(lambda s: (Mul(UnevaluatedExpr(s.x * s.y), Pow(s.x, -1)), s.y, s.x), id="(x y)/x"),
    pytest.param(lambda s: (Mul(UnevaluatedExpr(s.x * s.w * s.y), Pow(s.w, -1)), s.x * s.y, s.w),
                 id="the other factors stay"),
])
def test_cancel_factor_rewrites(sym, build, justifies):
    node, expected, v = build(sym)
    rewrite = cancel_factor_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings["v"] == v
    justifies(cancel_factor_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x * s.y), Pow(s.w, -1)), id="another denominator"),
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x * s.y), Pow(s.x, -2)), id="a squared denominator"),
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x + s.y), Pow(s.x, -1)), id="a sum in brackets, not a product"),
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x**2 * s.y), Pow(s.x, -1)), id="x^2 is not the factor x"),
    pytest.param(lambda s: s.y * (s.x + 1), id="no denominator"),
])
def test_cancel_factor_does_not_apply(sym, build):
    assert cancel_factor_rule.apply(build(sym), sym.empty) is None
