"""a power written back: e^(g log f) = f^g"""

import pytest
from sympy import cos, exp, log, sin

from derive.rules.algebra.power_back import power_back_rule


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: exp(s.x * log(s.x)), lambda s: s.x**s.x, id="x^x"),
    pytest.param(lambda s: exp(cos(s.x) * log(sin(s.x))), lambda s: sin(s.x)**cos(s.x), id="sin(x)^cos(x)"),
    pytest.param(lambda s: exp(2 * s.y * log(s.x + 1)), lambda s: (s.x + 1)**(2 * s.y), id="a product exponent"),
])
def test_power_back_rewrites(sym, build, expected, rewrites):
    rewrites(power_back_rule, build(sym), expected(sym), {sym.x: 0.7, sym.y: 1.3})


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: exp(2 * s.x), id="no log"),
    pytest.param(lambda s: exp(log(s.x) * log(s.y)), id="two logs: which is the base is not known"),
    pytest.param(lambda s: exp(s.x + log(s.x)), id="a sum, not a product"),
    pytest.param(lambda s: s.x * log(s.x), id="not an exponential"),
])
def test_power_back_does_not_apply(sym, build):
    assert power_back_rule.apply(build(sym), sym.empty) is None
