"""the tangent: sin u / cos u = tan u"""

import pytest
from sympy import cos, log, sin, tan

import derive
from derive.rules.algebra.tangent_identity import tangent_identity_rule


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: -sin(s.x) / cos(s.x), lambda s: -tan(s.x), id="-sin x / cos x"),
    pytest.param(lambda s: s.y * sin(2 * s.x) / cos(2 * s.x), lambda s: s.y * tan(2 * s.x), id="other factors stay"),
])
def test_tangent_identity_rewrites(sym, build, expected, rewrites):
    rewrites(tangent_identity_rule, build(sym), expected(sym), {sym.x: 0.4, sym.y: 1.3})


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: sin(s.x) / cos(s.y), id="different arguments"),
    pytest.param(lambda s: cos(s.x) / sin(s.x), id="the cotangent is left as it is"),
    pytest.param(lambda s: sin(s.x) / cos(s.x)**2, id="cos squared"),
    pytest.param(lambda s: sin(s.x) * cos(s.x), id="a product, not a quotient"),
])
def test_tangent_identity_does_not_apply(sym, build):
    assert tangent_identity_rule.apply(build(sym), sym.empty) is None


def test_the_derivative_of_log_cos_is_minus_tan(sym):
    derivation = derive.differentiate(log(cos(sym.x)), sym.x)
    assert derivation.verified and derivation.result == -tan(sym.x)
