"""cancel: v / v = 1"""

import pytest
from sympy import Mul, Pow, S, UnevaluatedExpr

from derive.rules.algebra.cancel_quotient import cancel_quotient_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Mul(UnevaluatedExpr(s.denominator), Pow(s.denominator, -1)), s.denominator, S.One),
                 id="v/v"),
    pytest.param(lambda s: (Mul(s.x, UnevaluatedExpr(s.denominator), Pow(s.denominator, -1)), s.denominator, s.x),
                 id="x v/v"),
    pytest.param(lambda s: (Mul(UnevaluatedExpr(s.x + 1), Pow(s.x + 1, -1), s.y), s.x + 1, s.y), id="(x+1)/(x+1) y"),
])
def test_cancel_quotient_rewrites(sym, build, justifies):
    node, v, expected = build(sym)
    rewrite = cancel_quotient_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"v": v}
    justifies(cancel_quotient_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x + 1), Pow(s.x + 2, -1)), id="different denominator"),
    pytest.param(lambda s: Mul(UnevaluatedExpr(s.x + 1), Pow(s.x + 1, -2)), id="squared denominator"),
    pytest.param(lambda s: s.x / (s.x + 1), id="nothing held upstairs"),
    pytest.param(lambda s: UnevaluatedExpr(s.x + 1), id="not a product"),
])
def test_cancel_quotient_does_not_apply(sym, build):
    assert cancel_quotient_rule.apply(build(sym), sym.empty) is None
