"""Heaviside rule: d/dx H(g) = 0, where g ≠ 0"""

import random

import pytest
from sympy import S, DiracDelta, Heaviside, Rational, Symbol, exp, sign, sin

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.heaviside_rule import heaviside_rule

X, Y = Symbol("x", real=True), Symbol("y", real=True)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Heaviside(s.x), s.x), id="H(x)"),
    pytest.param(lambda s: (Heaviside(X**2 - 1), X), id="H(x^2 - 1)"),
    pytest.param(lambda s: (Heaviside(X, 1), X), id="H(x) with H(0) = 1"),
    pytest.param(lambda s: (Heaviside(sin(X) * Y), Y), id="H(y sin x) w.r.t. y"),
    pytest.param(lambda s: (Heaviside(s.z[s.i, s.j]), s.z[s.i, s.k]), id="H(z_ij) w.r.t. z_ik: j may equal k"),
])
def test_heaviside_rule_rewrites(sym, build, justifies):
    f, x = build(sym)
    node = sym.d(f, x)
    rewrite = heaviside_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == S.Zero
    assert not rewrite.after.has(DiracDelta)
    assert rewrite.bindings == {"f": f, "g": f.args[0], "outer": S.Zero, "x": x}
    justifies(heaviside_rule, rewrite, node)


def test_heaviside_rule_states_where_it_holds(sym):
    rewrite = heaviside_rule.apply(sym.d(Heaviside(X - 1), X), sym.empty)
    assert heaviside_rule.justify(rewrite.bindings, str) == (
        "the Heaviside step Heaviside(x - 1) is constant wherever x - 1 ≠ 0, so its derivative there is 0 "
        "(at x - 1 = 0 the step jumps and has no derivative)")


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(Heaviside(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: Heaviside(s.x), id="no derivative"),
    pytest.param(lambda s: s.d(s.x * Heaviside(s.x), s.x), id="a product is a Mul"),
    pytest.param(lambda s: s.d(sign(s.x), s.x), id="sign is another function"),
    pytest.param(lambda s: s.d(Heaviside(exp(X)), X), id="H(e^x) for a real x is 1: no Heaviside left"),
])
def test_heaviside_rule_does_not_apply(sym, build):
    assert heaviside_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Heaviside(s.y), s.x), id="H(y) w.r.t. x"),
    pytest.param(lambda s: (Heaviside(s.y, s.x), s.x), id="H(y) with H(0) = x: the argument is free of x"),
    pytest.param(lambda s: (Heaviside(s.z[s.i, 1]), s.z[s.i, 2]), id="H(z_{i,1}) w.r.t. z_{i,2}"),
])
def test_heaviside_rule_leaves_a_constant_step_alone(sym, build):
    f, x = build(sym)
    assert heaviside_rule.apply(sym.d(f, x), sym.empty) is None


def test_a_constant_step_is_the_constant_rules(sym):
    node = sym.d(Heaviside(sym.y), sym.x)
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (X, X), id="H(x)"),
    pytest.param(lambda s: (X**2 - Y, X), id="H(x^2 - y)"),
    pytest.param(lambda s: (sin(X) * Y, Y), id="H(y sin x) w.r.t. y"),
])
@pytest.mark.parametrize("seed", [61, 67])
def test_heaviside_rule_is_numerically_right(sym, build, seed, value):
    """At real points where g ≠ 0 SymPy's DiracDelta(g) g' is 0, as is ours."""
    g, x = build(sym)
    node = sym.d(Heaviside(g), x)
    rewrite = heaviside_rule.apply(node, sym.empty)
    rng = random.Random(seed)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.choice([-1, 1]) * rng.randint(10, 150), 100))

    assert value(g, {}, values) != 0
    before, after = value(node, {}, values), value(rewrite.after, {}, values)
    assert before == after == 0
