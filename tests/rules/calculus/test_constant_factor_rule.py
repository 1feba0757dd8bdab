"""constant factor rule: d/dx (c f) = c df/dx when c does not depend on x"""

import pytest
from sympy import exp

from derive.rules.calculus.constant_factor_rule import constant_factor_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.y * exp(s.x), s.x, s.y, exp(s.x)), id="y e^x"),
    pytest.param(lambda s: (2 * s.x, s.x, 2, s.x), id="number"),
    pytest.param(lambda s: (-3 * s.y * s.x * exp(s.x), s.x, -3 * s.y, s.x * exp(s.x)),
                 id="constant part of a product"),
    pytest.param(lambda s: (exp(s.z[s.i, 1]) * exp(s.z[s.i, s.j]), s.z[s.i, 2],
                            exp(s.z[s.i, 1]), exp(s.z[s.i, s.j])), id="z[i,1] is constant w.r.t. z[i,2]"),
    pytest.param(lambda s: (s.S[s.i, s.j] * exp(s.z[s.i, s.k]), s.z[s.i, s.k],
                            s.S[s.i, s.j], exp(s.z[s.i, s.k])), id="another IndexedBase is constant"),
])
def test_constant_factor_rule_rewrites(sym, build, justifies):
    f, x, c, g = build(sym)
    node = sym.d(f, x)
    rewrite = constant_factor_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == c * sym.d(g, x)
    assert rewrite.bindings["c"] == c and rewrite.bindings["f"] == g and rewrite.bindings["x"] == x
    justifies(constant_factor_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x * exp(s.x), s.x), id="no constant factor"),
    pytest.param(lambda s: s.d(s.y * s.w, s.x), id="no varying factor: constant rule's"),
    pytest.param(lambda s: s.d(exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.l]), s.z[s.i, s.k]),
                 id="z[i,j] and z[i,l] may both be z[i,k]"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="not a product"),
    pytest.param(lambda s: s.y * exp(s.x), id="no derivative"),
])
def test_constant_factor_rule_does_not_apply(sym, build):
    assert constant_factor_rule.apply(build(sym), sym.empty) is None
