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


def _named_part(s):
    """xhat_j := (x_j - mu) / sigma, with mu := sum_l x_l / L: both depend on every x_k."""
    from sympy import IndexedBase, Sum, Symbol

    from derive.rules import Context, Definition

    x, xhat, g = IndexedBase("x"), IndexedBase("xhat"), IndexedBase("g")
    mu, sigma = Symbol("mu"), Symbol("sigma", positive=True)
    definitions = (Definition(xhat[s.j], (x[s.j] - mu) / sigma, s.j), Definition(mu, Sum(x[s.l], (s.l, 1, s.L)) / s.L))
    return x, xhat, g, Context(definitions)


def test_a_named_part_that_depends_on_x_through_its_definition_is_no_constant(sym, justifies):
    x, xhat, g, context = _named_part(sym)
    node = sym.d(g[sym.j] * xhat[sym.j], x[sym.k])
    rewrite = constant_factor_rule.apply(node, context)
    assert rewrite is not None and rewrite.after == g[sym.j] * sym.d(xhat[sym.j], x[sym.k])
    justifies(constant_factor_rule, rewrite, node)
    # x_j xhat_j: both factors vary (xhat through mu), so nothing is taken out in front
    assert constant_factor_rule.apply(sym.d(x[sym.j] * xhat[sym.j], x[sym.k]), context) is None
