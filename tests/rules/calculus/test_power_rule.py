"""power rule with the chain rule: d/dx f^n = n f^(n-1) df/dx for an exponent n free of x"""

import random

import pytest
from sympy import Integer, Mul, Pow, Rational, Sum, Symbol, exp, sqrt

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.calculus.power_rule import power_rule

N = Symbol("n")


def _expected(d, f, n, x):
    return Mul(n, Pow(f, n - 1), d(f, x))


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, Integer(3), s.x), id="x^3: chain form even for x itself"),
    pytest.param(lambda s: (s.x, Integer(2), s.x), id="x^2"),
    pytest.param(lambda s: (s.x + 1, Integer(2), s.x), id="(x + 1)^2"),
    pytest.param(lambda s: (s.x, Rational(1, 2), s.x), id="square root"),
    pytest.param(lambda s: (s.x * s.y + 1, Rational(-3, 2), s.x), id="rational negative exponent"),
    pytest.param(lambda s: (s.x, N, s.x), id="symbolic exponent n"),
    pytest.param(lambda s: (s.x + s.y, s.y, s.x), id="exponent y free of x"),
    pytest.param(lambda s: (exp(s.x) + 1, Integer(-1), s.x), id="reciprocal 1/(e^x + 1)"),
    pytest.param(lambda s: (s.denominator, Integer(-1), s.z[s.i, s.k]), id="reciprocal of the softmax sum"),
    pytest.param(lambda s: (s.denominator, Integer(-2), s.z[s.i, s.k]), id="softmax sum squared, downstairs"),
    pytest.param(lambda s: (s.z[s.i, s.j], Integer(2), s.z[s.i, s.k]), id="z_ij^2 w.r.t. z_ik: j may equal k"),
])
def test_power_rule_rewrites(sym, build, justifies):
    f, n, x = build(sym)
    node = sym.d(Pow(f, n), x)
    rewrite = power_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == _expected(sym.d, f, n, x)
    assert rewrite.bindings == {"f": f, "n": n, "m": n - 1, "x": x}
    justifies(power_rule, rewrite, node)


def test_power_rule_reciprocal_is_the_textbook_form(sym):
    """d/dx (1/v) = -v^(-2) dv/dx, written out by hand."""
    v, x, d = exp(sym.x) + 1, sym.x, sym.d
    rewrite = power_rule.apply(d(1 / v, x), sym.empty)
    assert rewrite.after == -d(v, x) / v**2
    assert rewrite.bindings["n"] == -1 and rewrite.bindings["f"] == v


def test_power_rule_on_x_keeps_the_variable_derivative(sym):
    """The chain form is always written: dx/dx is left for the variable rule."""
    rewrite = power_rule.apply(sym.d(sym.x**3, sym.x), sym.empty)
    assert rewrite.after == 3 * sym.x**2 * sym.d(sym.x, sym.x)
    assert rewrite.after.has(sym.d(sym.x, sym.x))


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x**s.x, s.x), id="x^x: the exponent depends on x"),
    pytest.param(lambda s: s.d(s.y**s.x, s.x), id="y^x: an exponential in disguise"),
    pytest.param(lambda s: s.d(2**s.x, s.x), id="2^x"),
    pytest.param(lambda s: s.d(s.x**(s.x + N), s.x), id="exponent x + n"),
    pytest.param(lambda s: s.d(s.z[s.i, s.j]**s.z[s.i, s.j], s.z[s.i, s.k]), id="exponent z_ij w.r.t. z_ik"),
    pytest.param(lambda s: s.d(s.x, s.x), id="not a power"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="exponential is not a Pow"),
    pytest.param(lambda s: s.d(s.x / s.y, s.x), id="a quotient is a Mul"),
    pytest.param(lambda s: s.d(s.x**2, (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: s.x**2, id="no derivative"),
])
def test_power_rule_does_not_apply(sym, build):
    assert power_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.y**2, s.x), id="y^2 w.r.t. x"),
    pytest.param(lambda s: (s.y**N, s.x), id="y^n w.r.t. x"),
    pytest.param(lambda s: (s.z[s.i, 1]**2, s.z[s.i, 2]), id="z_{i,1}^2 w.r.t. z_{i,2}"),
    pytest.param(lambda s: (Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L))**-1, s.x), id="reciprocal sum w.r.t. x"),
])
def test_power_rule_leaves_a_constant_power_to_the_constant_rule(sym, build):
    """Neither base nor exponent depends on x: the power rule refuses, the constant rule applies."""
    f, x = build(sym)
    node = sym.d(f, x)
    assert power_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**3, s.x), id="x^3"),
    pytest.param(lambda s: ((s.x * s.y + 1)**Rational(-3, 2), s.x), id="(xy + 1)^(-3/2)"),
    pytest.param(lambda s: (sqrt(s.x + s.y), s.y), id="square root w.r.t. y"),
    pytest.param(lambda s: ((s.x + s.w)**N, s.x), id="symbolic exponent"),
    pytest.param(lambda s: (1 / (exp(s.x) + exp(s.y)), s.x), id="reciprocal"),
    pytest.param(lambda s: (s.denominator**-1, s.z[s.i, s.k]), id="reciprocal of the softmax sum"),
])
def test_power_rule_is_numerically_right(sym, build, value):
    f, x = build(sym)
    node = sym.d(f, x)
    rewrite = power_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(7)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(50, 200), 100))

    fixed = {sym.L: 3, sym.i: 1, sym.k: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))


def test_the_power_rule_takes_a_kept_named_part_as_a_base_that_varies(sym):
    """1/sigma, sigma kept named (its derivative proven as a lemma): the power rule applies, as it
    would to the body written out; without the definition sigma is a constant and it does not."""
    from sympy import IndexedBase, Sum, Symbol, sqrt

    from derive.rules import Context, Definition

    x, N, sigma = IndexedBase("x"), Symbol("N", integer=True, positive=True), Symbol("sigma", positive=True)
    deviation = Definition(sigma, sqrt(Sum(x[sym.l]**2, (sym.l, 1, N)) / N))
    node = sym.d(1 / sigma, x[sym.k])
    rewrite = power_rule.apply(node, Context((deviation,), kept=frozenset({sigma})))
    assert rewrite is not None and rewrite.after == -sym.d(sigma, x[sym.k]) / sigma**2
    assert power_rule.apply(node, Context()) is None
