"""split the difference: (a - b) / v = a / v - b / v"""

import pytest
from sympy import Integer, Mul, Pow, UnevaluatedExpr, exp

from derive.rules.algebra.split_difference import split_difference_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Mul(s.denominator - exp(s.z[s.i, s.k]), Pow(s.denominator, -1)),
                            s.denominator - exp(s.z[s.i, s.k]), s.denominator,
                            Mul(UnevaluatedExpr(s.denominator), Pow(s.denominator, Integer(-1)))
                            - exp(s.z[s.i, s.k]) / s.denominator), id="softmax: v/v is held for the cancel"),
    pytest.param(lambda s: (UnevaluatedExpr((s.denominator - exp(s.z[s.i, s.k])) / s.denominator),
                            s.denominator - exp(s.z[s.i, s.k]), s.denominator,
                            Mul(UnevaluatedExpr(s.denominator), Pow(s.denominator, Integer(-1)))
                            - exp(s.z[s.i, s.k]) / s.denominator), id="held fraction from split the fraction"),
    pytest.param(lambda s: ((s.w - s.x) / s.w, s.w - s.x, s.w, 1 - s.x / s.w), id="plain symbol"),
])
def test_split_difference_rewrites(sym, build, justifies):
    node, total, v, expected = build(sym)
    rewrite = split_difference_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"sum": total, "v": v}
    justifies(split_difference_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x - s.y) / s.w, id="the numerator does not contain the denominator"),
    pytest.param(lambda s: s.x * (s.w - s.x) / s.w, id="more than (sum) / v"),
    pytest.param(lambda s: (s.w - s.x) / s.w**2, id="v squared"),
    pytest.param(lambda s: s.w - s.x, id="no denominator"),
])
def test_split_difference_does_not_apply(sym, build):
    assert split_difference_rule.apply(build(sym), sym.empty) is None
