"""cancel a common power: (b^k A + b^k B) / b^e = (A + B) / b^(e - k)"""

import pytest
from sympy import Add, Mul, Pow, exp

import derive
from derive.rules.algebra.cancel_power import cancel_power_rule


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: Mul(Add(3 * s.x**2 * (1 - s.x)**2, 2 * s.x * (1 - s.x)**3), Pow(1 - s.x, -6)),
                 lambda s: (3 * s.x**2 + 2 * s.x * (1 - s.x)) / (1 - s.x)**4, id="x^2/(1 - x)^3 after the quotient rule"),
    pytest.param(lambda s: Mul(Add(s.x**2, s.x), Pow(s.x, -2)), lambda s: (s.x + 1) / s.x, id="(x^2 + x)/x^2"),
    pytest.param(lambda s: Mul(Add(s.y * s.x**3, s.x**2), Pow(s.x, -1)), lambda s: s.y * s.x**2 + s.x,
                 id="the whole denominator cancels"),
])
def test_cancel_power_rewrites(sym, build, expected, rewrites):
    rewrites(cancel_power_rule, build(sym), expected(sym), {sym.x: 0.3, sym.y: 1.7})


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Mul(Add(s.x**2, 1), Pow(s.x, -2)), id="a term without the factor"),
    pytest.param(lambda s: Mul(Add(s.x**2, s.x), Pow(s.y, -2)), id="another denominator"),
    pytest.param(lambda s: Mul(Add(s.x**2, s.x), s.x**2), id="no denominator"),
    pytest.param(lambda s: Mul(Add(exp(s.x), s.x), Pow(s.x, -2)), id="exp(x) holds no power of x"),
])
def test_cancel_power_does_not_apply(sym, build):
    assert cancel_power_rule.apply(build(sym), sym.empty) is None


def test_the_quotient_rule_result_is_cancelled(sym):
    """(1 - x)^2 cancels, then 3x^2 + 2x(1 - x) is multiplied out: x^2 + 2x."""
    derivation = derive.differentiate(sym.x**2 / (1 - sym.x)**3, sym.x)
    assert derivation.verified
    names = [step.rule.name for step in derivation.all_steps()]
    assert names[-2:] == ["cancel a common power", "multiply out"]
    assert derivation.result == (sym.x**2 + 2 * sym.x) / (1 - sym.x)**4
