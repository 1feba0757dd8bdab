"""exponential with any base, with the chain rule: d/dx a^g = a^g log(a) dg/dx"""

import random

import pytest
from sympy import Integer, Mul, Pow, Rational, Symbol, exp, log, pi

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.calculus.power_rule import power_rule
from derive.rules.functions.general_exponential import general_exponential_rule
from derive.rules.functions.power_as_exponential import power_as_exponential_rule

A = Symbol("a", positive=True)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Integer(2), s.x, s.x), id="2^x: chain form even for x itself"),
    pytest.param(lambda s: (Integer(2), 3 * s.x, s.x), id="2^{3x}"),
    pytest.param(lambda s: (Integer(2), -s.x, s.x), id="2^{-x}"),
    pytest.param(lambda s: (Rational(1, 2), s.x + 1, s.x), id="(1/2)^{x + 1}"),
    pytest.param(lambda s: (pi, s.x**2, s.x), id="pi^{x^2}"),
    pytest.param(lambda s: (s.y, s.x, s.x), id="y^x: a symbol base free of x"),
    pytest.param(lambda s: (A, s.x * s.y, s.x), id="a^{xy} with a > 0"),
    pytest.param(lambda s: (s.y + 1, exp(s.x), s.x), id="(y + 1)^{e^x}"),
    pytest.param(lambda s: (Integer(3), s.z[s.i, s.j], s.z[s.i, s.k]), id="3^{z_ij} w.r.t. z_ik: j may equal k"),
    pytest.param(lambda s: (s.z[s.i, 1], s.z[s.i, 2], s.z[s.i, 2]), id="z_{i,1}^{z_{i,2}} w.r.t. z_{i,2}"),
])
def test_general_exponential_rule_rewrites(sym, build, justifies):
    a, g, x = build(sym)
    f = Pow(a, g)
    assert isinstance(f, Pow) and f.base == a and f.exp == g
    node = sym.d(f, x)
    rewrite = general_exponential_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(f, log(a), sym.d(g, x))
    assert rewrite.bindings == {"f": f, "a": a, "g": g, "x": x}
    sentence = justifies(general_exponential_rule, rewrite, node)
    assert sentence.endswith(f"valid for a positive base {a}")


def test_general_exponential_rule_on_2_to_the_x(sym):
    """d/dx 2^x = 2^x log(2) dx/dx, written out by hand; SymPy writes 2**x as Pow(2, x)."""
    rewrite = general_exponential_rule.apply(sym.d(2**sym.x, sym.x), sym.empty)
    assert rewrite.after == 2**sym.x * log(2) * sym.d(sym.x, sym.x)
    assert rewrite.after.subs(sym.d(sym.x, sym.x), 1) == (2**sym.x).diff(sym.x)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x**2, s.x), id="x^2: the base depends on x (power rule)"),
    pytest.param(lambda s: s.d(s.x**s.y, s.x), id="x^y: the base depends on x (power rule)"),
    pytest.param(lambda s: s.d(s.x**s.x, s.x), id="x^x: both depend on x (varying exponent)"),
    pytest.param(lambda s: s.d((s.x + 1)**(2 * s.x), s.x), id="(x + 1)^{2x}"),
    pytest.param(lambda s: s.d(s.z[s.i, s.j]**s.z[s.i, s.k], s.z[s.i, s.k]), id="z_ij^{z_ik}: j may equal k"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="e^x is exp, not a Pow"),
    pytest.param(lambda s: s.d(Pow(-2, s.x), s.x), id="(-2)^x: a negative base has no real logarithm"),
    pytest.param(lambda s: s.d(Pow(0, s.x), s.x), id="0^x: no logarithm of 0"),
    pytest.param(lambda s: s.d(3 * 2**s.x, s.x), id="a multiple is a Mul"),
    pytest.param(lambda s: s.d(2**s.x, (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: 2**s.x, id="no derivative"),
])
def test_general_exponential_rule_does_not_apply(sym, build):
    assert general_exponential_rule.apply(build(sym), sym.empty) is None


def test_each_power_has_exactly_one_rule(sym):
    """Power rule, exponential with any base and power with a varying exponent never overlap."""
    x, y = sym.x, sym.y
    for power in (x**3, y**x, 2**x, x**x, (x + 1)**(x * y), x**y):
        node = sym.d(power, x)
        taken = [rule.name for rule in (power_rule, general_exponential_rule, power_as_exponential_rule)
                 if rule.apply(node, sym.empty) is not None]
        assert len(taken) == 1, (power, taken)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (2**s.y, s.x), id="2^y w.r.t. x"),
    pytest.param(lambda s: (s.y**s.w, s.x), id="y^w w.r.t. x"),
    pytest.param(lambda s: (3**s.z[s.i, 1], s.z[s.i, 2]), id="3^{z_{i,1}} w.r.t. z_{i,2}"),
])
def test_general_exponential_rule_leaves_a_constant_to_the_constant_rule(sym, build):
    f, x = build(sym)
    node = sym.d(f, x)
    assert general_exponential_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (2**(3 * s.x), s.x), id="2^{3x}"),
    pytest.param(lambda s: (s.y**(s.x**2), s.x), id="y^{x^2}"),
    pytest.param(lambda s: (Rational(1, 3)**(s.x * s.y), s.y), id="(1/3)^{xy} w.r.t. y"),
    pytest.param(lambda s: (pi**exp(s.z[s.i, s.j]), s.z[s.i, s.k]), id="pi^{e^{z_ij}} w.r.t. z_ik"),
])
def test_general_exponential_rule_is_numerically_right(sym, build, value):
    f, x = build(sym)
    node = sym.d(f, x)
    rewrite = general_exponential_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(31)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(10, 200), 100))  # a base y > 0

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2, sym.k: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
