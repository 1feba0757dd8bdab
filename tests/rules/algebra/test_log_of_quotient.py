"""log of a quotient: log(a/b) = log a - log b"""

import random

import pytest
from sympy import Add, Integer, Mul, Rational, exp, log

from derive.rules.algebra.log_of_quotient import log_of_quotient_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.y), id="log(x/y)"),
    pytest.param(lambda s: (exp(s.x), s.x + s.y), id="log(e^x / (x + y))"),
    pytest.param(lambda s: (2 * s.x, s.y**3), id="coefficient upstairs, cube downstairs"),
    pytest.param(lambda s: (s.x, s.y * s.w), id="a product downstairs"),
    pytest.param(lambda s: (exp(-s.x), s.y), id="e^{-x} stays upstairs"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]), s.denominator), id="log of the softmax"),
])
def test_log_of_quotient_rewrites(sym, build, justifies):
    a, b = build(sym)
    node = log(a / b)
    assert isinstance(node, log)
    rewrite = log_of_quotient_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == log(a) - log(b)
    assert rewrite.bindings == {"a": a, "b": b}
    justifies(log_of_quotient_rule, rewrite, node)


def test_log_of_quotient_softmax_keeps_its_form(sym):
    """SymPy does not combine the logarithms back, nor simplify log(e^{z_ij}) on its own."""
    zij, v = sym.z[sym.i, sym.j], sym.denominator
    after = log_of_quotient_rule.apply(log(exp(zij) / v), sym.empty).after
    assert isinstance(after, Add)
    assert set(after.args) == {log(exp(zij)), Mul(Integer(-1), log(v))}
    assert str(after) == "log(exp(z[i, j])) - log(Sum(exp(z[i, l]), (l, 1, L)))"


def test_log_of_quotient_with_nothing_upstairs(sym):
    """log(1/(x y)): the numerator is 1 and SymPy writes log 1 as 0."""
    node = log(1 / (sym.x * sym.y))
    rewrite = log_of_quotient_rule.apply(node, sym.empty)
    assert rewrite.after == -log(sym.x * sym.y)
    assert rewrite.bindings == {"a": Integer(1), "b": sym.x * sym.y}


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: log(s.x * s.y), id="no denominator"),
    pytest.param(lambda s: log(2 * s.x / 3), id="a rational coefficient is no denominator"),
    pytest.param(lambda s: log(1 / s.x), id="a bare reciprocal is a Pow, not a Mul"),
    pytest.param(lambda s: log(s.x), id="log x"),
    pytest.param(lambda s: log(exp(s.z[s.i, s.j])), id="log of an exponential"),
    pytest.param(lambda s: s.x / s.y, id="a quotient but no logarithm"),
    pytest.param(lambda s: s.d(log(s.x / s.y), s.x), id="the derivative of a log, not the log"),
])
def test_log_of_quotient_does_not_apply(sym, build):
    assert log_of_quotient_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x / s.y, id="x/y"),
    pytest.param(lambda s: 2 * s.x / (s.y**3 * s.w), id="2x/(y^3 w)"),
    pytest.param(lambda s: exp(s.z[s.i, s.j]) / s.denominator, id="softmax"),
])
def test_log_of_quotient_is_numerically_right(sym, build, value):
    node = log(build(sym))
    rewrite = log_of_quotient_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(3)
    drawn = {}

    def values(atom):  # positive values: the law holds for positive a and b
        return drawn.setdefault(atom, Rational(rng.randint(10, 500), 100))

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
