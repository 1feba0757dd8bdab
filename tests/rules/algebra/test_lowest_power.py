"""take out the lowest power: a/v + b/v^3 = (a + b/v^2)/v"""

import pytest
from sympy import IndexedBase, Mul, Pow, Sum, Symbol

from derive.rules import Context
from derive.rules.algebra.lowest_power import lowest_power_rule

j, k = Symbol("j", integer=True), Symbol("k", integer=True)
r, N = Symbol("r", positive=True), Symbol("N", integer=True, positive=True)
g, x = IndexedBase("g"), IndexedBase("x")
TOTAL = Sum(g[j] * x[j], (j, 1, N))


@pytest.mark.parametrize("node, inner, v", [
    pytest.param(g[k] / r - x[k] * TOTAL / (N * r**3), g[k] - x[k] * TOTAL / (N * r**2), r, id="1/r out of 1/r and 1/r^3"),
    pytest.param(1 / r**2 + x[k] / r**5, 1 + x[k] / r**3, r**2, id="1/r^2 out of 1/r^2 and 1/r^5"),
    pytest.param(g[k] / r + x[k] / r**2 + TOTAL / r**3, g[k] + x[k] / r + TOTAL / r**2, r, id="three terms"),
])
def test_lowest_power_is_written_once(node, inner, v, justifies):
    rewrite = lowest_power_rule.apply(node, Context())
    assert rewrite is not None
    assert rewrite.after == Mul(inner, 1 / v)
    assert rewrite.bindings["v"] == v
    assert (rewrite.after - node).subs({r: 1.7, N: 3, g[k]: 0.3, x[k]: -1.1, TOTAL: 2.9}).evalf() == pytest.approx(0)
    justifies(lowest_power_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param(g[k] / r - TOTAL / r, id="the same power: take out a common denominator's"),
    pytest.param(1 - x[k] / r**3, id="a term with no denominator"),
    pytest.param(g[k] / r - x[k] / N**3, id="different denominators"),
    pytest.param(g[k] * r - x[k] * Pow(r, 3), id="powers above, not below"),
])
def test_lowest_power_does_not_apply_without_a_power_of_one_base_below_every_term(node):
    assert lowest_power_rule.apply(node, Context()) is None
