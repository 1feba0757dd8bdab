"""absolute value rule with the chain rule: d/dx |g| = sign(g) dg/dx, where g ≠ 0"""

import random

import pytest
from sympy import Abs, Mul, Rational, Symbol, exp, sign, sin

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.absolute_value import absolute_value_rule

# real symbols: SymPy's own derivative of Abs is sign(g) g' only for a real argument
X, Y = Symbol("x", real=True), Symbol("y", real=True)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="|x|: chain form even for x itself"),
    pytest.param(lambda s: (X, X), id="|x| for a real x"),
    pytest.param(lambda s: (X**2 - 1, X), id="|x^2 - 1|"),
    pytest.param(lambda s: (sin(X) + Y, X), id="|sin x + y|"),
    pytest.param(lambda s: (s.x * s.y - 1, s.y), id="|xy - 1| w.r.t. y"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="|z_ij| w.r.t. z_ik: j may equal k"),
])
def test_absolute_value_rule_rewrites(sym, build, justifies):
    g, x = build(sym)
    node = sym.d(Abs(g), x)
    rewrite = absolute_value_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(sign(g), sym.d(g, x))
    assert rewrite.bindings == {"f": Abs(g), "g": g, "outer": sign(g), "x": x}
    justifies(absolute_value_rule, rewrite, node)


def test_absolute_value_rule_states_where_it_holds(sym):
    rewrite = absolute_value_rule.apply(sym.d(Abs(X**2 - 1), X), sym.empty)
    assert absolute_value_rule.justify(rewrite.bindings, str) == (
        "the derivative of the absolute value Abs(x**2 - 1) is sign(x**2 - 1) times the derivative of its "
        "argument x**2 - 1 (the chain rule), valid for real x**2 - 1 where x**2 - 1 ≠ 0 (at x**2 - 1 = 0 "
        "the absolute value has a corner and no derivative)")


def test_absolute_value_rule_is_what_sympy_gives_for_a_real_argument(sym):
    g = X**2 - Y
    rewrite = absolute_value_rule.apply(sym.d(Abs(g), X), sym.empty)
    assert rewrite.after.subs(sym.d(g, X), 2 * X) == Abs(g).diff(X)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(Abs(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: Abs(s.x), id="no derivative"),
    pytest.param(lambda s: s.d(2 * Abs(s.x), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s: s.d(Abs(s.x)**2, s.x), id="a power of it is the power rule's"),
    pytest.param(lambda s: s.d(sign(s.x), s.x), id="sign is another function"),
    pytest.param(lambda s: s.d(Abs(exp(X)), X), id="|e^x| for a real x is e^x: no Abs left"),
])
def test_absolute_value_rule_does_not_apply(sym, build):
    assert absolute_value_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Abs(s.y), s.x), id="|y| w.r.t. x"),
    pytest.param(lambda s: (Abs(s.z[s.i, 1]), s.z[s.i, 2]), id="|z_{i,1}| w.r.t. z_{i,2}"),
])
def test_absolute_value_rule_leaves_a_constant_to_the_constant_rule(sym, build):
    f, x = build(sym)
    node = sym.d(f, x)
    assert absolute_value_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (X, X), id="|x|"),
    pytest.param(lambda s: (X**2 - Y, X), id="|x^2 - y|"),
    pytest.param(lambda s: (X**3 - Y, Y), id="|x^3 - y| w.r.t. y"),
    pytest.param(lambda s: (sin(X) * Y, X), id="|y sin x|"),
])
@pytest.mark.parametrize("seed", [41, 43, 47])
def test_absolute_value_rule_is_numerically_right(sym, build, seed, value):
    """At real points on either side of g = 0 (never at it): SymPy's sign against ours."""
    g, x = build(sym)
    node = sym.d(Abs(g), x)
    rewrite = absolute_value_rule.apply(node, sym.empty)
    rng = random.Random(seed)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.choice([-1, 1]) * rng.randint(10, 150), 100))

    assert value(g, {}, values) != 0
    before, after = value(node, {}, values), value(rewrite.after, {}, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
