"""exponential rule with the chain rule: d/dx e^g = e^g dg/dx"""

import pytest
from sympy import exp

from derive.rules.functions.exponential_rule import exponential_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="e^x"),
    pytest.param(lambda s: (2 * s.x, s.x), id="e^{2x}"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="e^{xy + 1}"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="e^{z_ij} w.r.t. z_ik"),
    pytest.param(lambda s: (s.y, s.x), id="constant exponent: still the rule's shape"),
])
def test_exponential_rule_rewrites(sym, build, justifies):
    g, x = build(sym)
    node = sym.d(exp(g), x)
    rewrite = exponential_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == exp(g) * sym.d(g, x)
    assert rewrite.bindings == {"f": exp(g), "g": g, "x": x}
    justifies(exponential_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x, s.x), id="not an exponential"),
    pytest.param(lambda s: s.d(2 * exp(s.x), s.x), id="a multiple of an exponential"),
    pytest.param(lambda s: s.d(exp(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: exp(s.x), id="no derivative"),
])
def test_exponential_rule_does_not_apply(sym, build):
    assert exponential_rule.apply(build(sym), sym.empty) is None
