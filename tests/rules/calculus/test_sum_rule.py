"""sum rule: d/dx (f + g + ...) = df/dx + dg/dx + ..."""

import pytest
from sympy import Integer, exp

from derive.rules.calculus.sum_rule import sum_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.d(s.x + s.y, s.x), s.d(s.x, s.x) + s.d(s.y, s.x), 2), id="x + y"),
    pytest.param(lambda s: (s.d(s.x - s.y, s.x), s.d(s.x, s.x) + s.d(-s.y, s.x), 2), id="x - y"),
    pytest.param(lambda s: (s.d(exp(s.x) + s.x + 3, s.x),
                            s.d(exp(s.x), s.x) + s.d(s.x, s.x) + s.d(Integer(3), s.x), 3), id="three terms"),
    pytest.param(lambda s: (s.d(exp(s.z[s.i, s.j]) + s.z[s.i, s.l], s.z[s.i, s.k]),
                            s.d(exp(s.z[s.i, s.j]), s.z[s.i, s.k]) + s.d(s.z[s.i, s.l], s.z[s.i, s.k]), 2),
                 id="indexed terms"),
])
def test_sum_rule_rewrites(sym, build, justifies):
    node, expected, n = build(sym)
    rewrite = sum_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.branches == ()
    assert rewrite.bindings["f"] == node.expr
    assert rewrite.bindings["n"] == n
    assert rewrite.bindings["x"] == node.variables[0]
    justifies(sum_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x * s.y, s.x), id="product"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="exponential"),
    pytest.param(lambda s: s.x + s.y, id="a sum but no derivative"),
    pytest.param(lambda s: s.d(s.x + s.y, (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: s.d(s.denominator, s.z[s.i, s.k]), id="indexed Sum (not an Add)"),
])
def test_sum_rule_does_not_apply(sym, build):
    assert sum_rule.apply(build(sym), sym.empty) is None
