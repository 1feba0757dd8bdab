"""quotient rule: d/dx (u/v) = (du/dx v - u dv/dx) / v^2"""

import pytest
from sympy import Integer, Mul, Pow, exp

from derive.rules.calculus.quotient_rule import quotient_rule


def _expected(d, u, v, x):
    return Mul(d(u, x) * v - u * d(v, x), Pow(v, Integer(-2)))


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.x) / s.y, exp(s.x), s.y, s.x), id="e^x / y"),
    pytest.param(lambda s: (s.x / (s.x + 1), s.x, s.x + 1, s.x), id="x / (x + 1)"),
    pytest.param(lambda s: (2 * s.x / s.y, 2 * s.x, s.y, s.x), id="coefficient stays upstairs"),
    pytest.param(lambda s: (s.x * s.y**-3, s.x, s.y**3, s.x), id="cube downstairs"),
    pytest.param(lambda s: (exp(-s.x) / s.y, exp(-s.x), s.y, s.x), id="e^{-x} stays upstairs"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]) / s.denominator, exp(s.z[s.i, s.j]), s.denominator,
                            s.z[s.i, s.k]), id="softmax"),
])
def test_quotient_rule_rewrites(sym, build, justifies):
    f, u, v, x = build(sym)
    node = sym.d(f, x)
    rewrite = quotient_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == _expected(sym.d, u, v, x)
    assert (rewrite.bindings["u"], rewrite.bindings["v"], rewrite.bindings["x"]) == (u, v, x)
    justifies(quotient_rule, rewrite, node)


def test_quotient_rule_softmax_after_is_the_textbook_form(sym):
    """The literal expected tree for the first softmax step, written out by hand."""
    i, j, k, z, v, d = sym.i, sym.j, sym.k, sym.z, sym.denominator, sym.d
    rewrite = quotient_rule.apply(d(exp(z[i, j]) / v, z[i, k]), sym.empty)
    assert rewrite.after == (d(exp(z[i, j]), z[i, k]) * v - exp(z[i, j]) * d(v, z[i, k])) / v**2


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x * s.y, s.x), id="no denominator"),
    pytest.param(lambda s: s.d(1 / s.x, s.x), id="a bare power is not a Mul"),
    pytest.param(lambda s: s.d(s.x / 2, s.x), id="a rational coefficient is no denominator"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="exponential"),
    pytest.param(lambda s: exp(s.x) / s.y, id="a quotient but no derivative"),
    pytest.param(lambda s: s.d(s.x / s.y, (s.x, 2)), id="second derivative"),
])
def test_quotient_rule_does_not_apply(sym, build):
    assert quotient_rule.apply(build(sym), sym.empty) is None
