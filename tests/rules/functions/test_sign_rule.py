"""sign rule: d/dx sign(g) = 0, where g ≠ 0"""

import random

import pytest
from sympy import S, Abs, DiracDelta, Rational, Symbol, exp, sign, sin

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.sign_rule import sign_rule

X, Y = Symbol("x", real=True), Symbol("y", real=True)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="sign x"),
    pytest.param(lambda s: (X**2 - 1, X), id="sign(x^2 - 1)"),
    pytest.param(lambda s: (sin(X) * Y, Y), id="sign(y sin x) w.r.t. y"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="sign z_ij w.r.t. z_ik: j may equal k"),
])
def test_sign_rule_rewrites(sym, build, justifies):
    g, x = build(sym)
    node = sym.d(sign(g), x)
    rewrite = sign_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == S.Zero
    assert not rewrite.after.has(DiracDelta)
    assert rewrite.bindings == {"f": sign(g), "g": g, "outer": S.Zero, "x": x}
    justifies(sign_rule, rewrite, node)


def test_sign_rule_states_where_it_holds(sym):
    rewrite = sign_rule.apply(sym.d(sign(X - 1), X), sym.empty)
    assert sign_rule.justify(rewrite.bindings, str) == (
        "the sign sign(x - 1) is constant wherever x - 1 ≠ 0, so its derivative there is 0 "
        "(at x - 1 = 0 the sign jumps and has no derivative)")


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(sign(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: sign(s.x), id="no derivative"),
    pytest.param(lambda s: s.d(s.x * sign(s.x), s.x), id="a product is a Mul"),
    pytest.param(lambda s: s.d(Abs(s.x), s.x), id="Abs is another function"),
    pytest.param(lambda s: s.d(sign(exp(X)), X), id="sign e^x for a real x is 1: no sign left"),
])
def test_sign_rule_does_not_apply(sym, build):
    assert sign_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (sign(s.y), s.x), id="sign y w.r.t. x"),
    pytest.param(lambda s: (sign(s.z[s.i, 1]), s.z[s.i, 2]), id="sign z_{i,1} w.r.t. z_{i,2}"),
])
def test_sign_rule_leaves_a_constant_to_the_constant_rule(sym, build):
    f, x = build(sym)
    node = sym.d(f, x)
    assert sign_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (X, X), id="sign x"),
    pytest.param(lambda s: (X**2 - Y, X), id="sign(x^2 - y)"),
    pytest.param(lambda s: (sin(X) * Y, Y), id="sign(y sin x) w.r.t. y"),
])
@pytest.mark.parametrize("seed", [53, 59])
def test_sign_rule_is_numerically_right(sym, build, seed, value):
    """At real points where g ≠ 0 SymPy's 2 DiracDelta(g) g' is 0, as is ours."""
    g, x = build(sym)
    node = sym.d(sign(g), x)
    rewrite = sign_rule.apply(node, sym.empty)
    rng = random.Random(seed)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.choice([-1, 1]) * rng.randint(10, 150), 100))

    assert value(g, {}, values) != 0
    before, after = value(node, {}, values), value(rewrite.after, {}, values)
    assert before == after == 0
