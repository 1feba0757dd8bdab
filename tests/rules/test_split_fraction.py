"""split the fraction: (a b) / v^2 = (a / v)(b / v)"""

import pytest
from sympy import Integer, UnevaluatedExpr, exp

from rules import split_fraction_rule


def held(expr):
    return UnevaluatedExpr(expr)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x * s.y / s.w**2, s.w, 2, held(s.x / s.w) * held(s.y / s.w)), id="x y / w^2"),
    pytest.param(lambda s: (-s.x * s.y / s.w**2, s.w, 2, -held(s.x / s.w) * held(s.y / s.w)),
                 id="the sign stays in front"),
    pytest.param(lambda s: (s.x * s.y * exp(s.x) / s.w**3, s.w, 3,
                            held(s.x / s.w) * held(s.y / s.w) * held(exp(s.x) / s.w)), id="three copies"),
    pytest.param(lambda s: (-exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k]) / s.denominator**2, s.denominator, 2,
                            -held(exp(s.z[s.i, s.j]) / s.denominator) * held(exp(s.z[s.i, s.k]) / s.denominator)),
                 id="softmax j != k"),
])
def test_split_fraction_rewrites(sym, build, justifies):
    node, v, n, expected = build(sym)
    rewrite = split_fraction_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"v": v, "n": Integer(n), "fraction": node}
    justifies(split_fraction_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x / s.w**2, id="one factor upstairs, two copies downstairs"),
    pytest.param(lambda s: s.x * s.y / s.w, id="denominator only to the first power"),
    pytest.param(lambda s: s.x * s.y / (s.w**2 * (s.x + 1)**2), id="two squared denominators"),
    pytest.param(lambda s: s.x * s.y, id="no denominator"),
    pytest.param(lambda s: s.w**-2, id="a bare power is not a Mul"),
])
def test_split_fraction_does_not_apply(sym, build):
    assert split_fraction_rule.apply(build(sym), sym.empty) is None
