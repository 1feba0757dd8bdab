"""the Pythagorean identity: sin^2 u + cos^2 u = 1, cosh^2 u - sinh^2 u = 1"""

import pytest
from sympy import Add, Integer, cos, cosh, sin, sinh

import derive
from derive.rules.algebra.pythagorean import pythagorean_rule


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: -sin(s.x)**2 - cos(s.x)**2, lambda s: Integer(-1), id="-sin^2 - cos^2 (cot' on top)"),
    pytest.param(lambda s: s.y + sin(2 * s.x)**2 + cos(2 * s.x)**2, lambda s: s.y + 1, id="other terms stay"),
    pytest.param(lambda s: 3 * s.y * sin(s.x)**2 + 3 * s.y * cos(s.x)**2, lambda s: 3 * s.y, id="a common coefficient"),
    pytest.param(lambda s: cosh(s.x)**2 - sinh(s.x)**2, lambda s: Integer(1), id="cosh^2 - sinh^2"),
])
def test_pythagorean_rewrites(sym, build, expected, rewrites):
    rewrites(pythagorean_rule, build(sym), expected(sym), {sym.x: 0.7, sym.y: -1.3})


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: sin(s.x)**2 + cos(s.y)**2, id="different arguments"),
    pytest.param(lambda s: sin(s.x)**2 - cos(s.x)**2, id="a difference, not a sum"),
    pytest.param(lambda s: 2 * sin(s.x)**2 + cos(s.x)**2, id="different coefficients"),
    pytest.param(lambda s: cosh(s.x)**2 + sinh(s.x)**2, id="cosh^2 + sinh^2 is no identity"),
    pytest.param(lambda s: Add(sin(s.x)**3, cos(s.x)**3), id="cubes"),
    pytest.param(lambda s: sin(s.x)**2 * cos(s.x)**2, id="a product"),
])
def test_pythagorean_does_not_apply(sym, build):
    assert pythagorean_rule.apply(build(sym), sym.empty) is None


def test_the_cotangent_derivative_comes_out_as_minus_one_over_sine_squared(sym):
    derivation = derive.differentiate(cos(sym.x) / sin(sym.x), sym.x)
    assert derivation.verified
    assert derivation.result == -1 / sin(sym.x)**2
    assert "Pythagorean identity" in [step.rule.name for step in derivation.all_steps()]
