"""logarithm rule with the chain rule: d/dx log f = (df/dx) / f"""

import random

import pytest
from sympy import Integer, Mul, Pow, Rational, exp, log

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.log_rule import log_rule


def _expected(d, f, x):
    return Mul(d(f, x), Pow(f, Integer(-1)))


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="log x"),
    pytest.param(lambda s: (s.x + s.y, s.x), id="log(x + y)"),
    pytest.param(lambda s: (s.x**2 + 1, s.x), id="log(x^2 + 1)"),
    pytest.param(lambda s: (exp(s.x) + exp(s.y), s.x), id="log of a sum of exponentials"),
    pytest.param(lambda s: (s.denominator, s.z[s.i, s.k]), id="log of the softmax sum"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="log z_ij w.r.t. z_ik: j may equal k"),
])
def test_log_rule_rewrites(sym, build, justifies):
    f, x = build(sym)
    node = sym.d(log(f), x)
    rewrite = log_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == _expected(sym.d, f, x)
    assert rewrite.after == sym.d(f, x) / f
    assert rewrite.bindings == {"f": f, "x": x}
    justifies(log_rule, rewrite, node)


def test_log_rule_softmax_sum_is_the_textbook_form(sym):
    """d/dz_ik log sum_l e^{z_il} = (d/dz_ik sum_l e^{z_il}) / sum_l e^{z_il}, written out by hand."""
    v, x, d = sym.denominator, sym.z[sym.i, sym.k], sym.d
    rewrite = log_rule.apply(d(log(v), x), sym.empty)
    assert rewrite.after == d(v, x) / v
    assert set(rewrite.after.args) == {d(v, x), 1 / v}


def test_log_rule_on_a_product_lets_sympy_distribute_the_reciprocal(sym):
    """Reported behaviour: 1/f for a product f is distributed by SymPy over the factors."""
    f = exp(sym.z[sym.i, sym.j]) / sym.denominator
    rewrite = log_rule.apply(sym.d(log(f), sym.z[sym.i, sym.k]), sym.empty)
    assert rewrite.after == sym.d(f, sym.z[sym.i, sym.k]) * exp(-sym.z[sym.i, sym.j]) * sym.denominator


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="not a logarithm"),
    pytest.param(lambda s: s.d(s.x, s.x), id="the variable"),
    pytest.param(lambda s: s.d(log(s.x, 2), s.x), id="log base 2 is log(x)/log(2), a product"),
    pytest.param(lambda s: s.d(2 * log(s.x), s.x), id="a multiple of a logarithm"),
    pytest.param(lambda s: s.d(log(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: log(s.x), id="no derivative"),
])
def test_log_rule_does_not_apply(sym, build):
    assert log_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (log(s.y), s.x), id="log y w.r.t. x"),
    pytest.param(lambda s: (log(s.z[s.i, 1]), s.z[s.i, 2]), id="log z_{i,1} w.r.t. z_{i,2}"),
    pytest.param(lambda s: (log(s.denominator), s.x), id="log of the softmax sum w.r.t. x"),
])
def test_log_rule_leaves_a_constant_log_to_the_constant_rule(sym, build):
    f, x = build(sym)
    node = sym.d(f, x)
    assert log_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


def test_log_rule_explanation_fills(sym):
    rewrite = log_rule.apply(sym.d(log(sym.x + sym.y), sym.x), sym.empty)
    text = log_rule.explanation.format(**{k: str(v) for k, v in rewrite.bindings.items()})
    assert "x + y" in text and "sum" in text


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2 + s.y, s.x), id="log(x^2 + y)"),
    pytest.param(lambda s: (exp(s.x) + exp(s.y), s.y), id="log of a sum of exponentials"),
    pytest.param(lambda s: (s.denominator, s.z[s.i, s.k]), id="log of the softmax sum"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]) / s.denominator, s.z[s.i, s.k]), id="log of the softmax"),
])
def test_log_rule_is_numerically_right(sym, build, value):
    f, x = build(sym)
    node = sym.d(log(f), x)
    rewrite = log_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(11)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(50, 200), 100))

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2, sym.k: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
