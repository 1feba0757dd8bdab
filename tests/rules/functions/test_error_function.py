"""error function rule with the chain rule: d/dx erf g = 2/sqrt(pi) e^{-g^2} dg/dx"""

import random

import pytest
from sympy import Mul, Rational, erf, erfc, exp, pi, sqrt

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.error_function import error_function_rule


def _outer(g):
    return 2 * exp(-g**2) / sqrt(pi)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="erf x: chain form even for x itself"),
    pytest.param(lambda s: (s.x**2, s.x), id="erf x^2"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="erf(xy + 1)"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="erf z_ij w.r.t. z_ik: j may equal k"),
])
def test_error_function_rule_rewrites(sym, build, justifies):
    g, x = build(sym)
    node = sym.d(erf(g), x)
    rewrite = error_function_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(_outer(g), sym.d(g, x))
    assert rewrite.bindings == {"f": erf(g), "g": g, "outer": _outer(g), "x": x}
    assert rewrite.bindings["outer"] == erf(g).fdiff()  # the form SymPy gives
    justifies(error_function_rule, rewrite, node)


def test_error_function_rule_sentence(sym):
    rewrite = error_function_rule.apply(sym.d(erf(sym.x**2), sym.x), sym.empty)
    assert error_function_rule.justify(rewrite.bindings, str) == (
        "the derivative of the error function erf(x**2) is 2*exp(-x**4)/sqrt(pi) times the derivative "
        "of its argument x**2 (the chain rule)")


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(erf(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: erf(s.x), id="no derivative"),
    pytest.param(lambda s: s.d(erfc(s.x), s.x), id="erfc is another function"),
    pytest.param(lambda s: s.d(2 * erf(s.x), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s: s.d(exp(-s.x**2), s.x), id="the integrand itself"),
])
def test_error_function_rule_does_not_apply(sym, build):
    assert error_function_rule.apply(build(sym), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (erf(s.y), s.x), id="erf y w.r.t. x"),
    pytest.param(lambda s: (erf(s.z[s.i, 1]), s.z[s.i, 2]), id="erf z_{i,1} w.r.t. z_{i,2}"),
])
def test_error_function_rule_leaves_a_constant_to_the_constant_rule(sym, build):
    f, x = build(sym)
    node = sym.d(f, x)
    assert error_function_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2, s.x), id="erf x^2"),
    pytest.param(lambda s: (s.x * s.y - 1, s.y), id="erf(xy - 1) w.r.t. y"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]), s.z[s.i, s.k]), id="erf e^{z_ij} w.r.t. z_ik"),
])
def test_error_function_rule_is_numerically_right(sym, build, value):
    g, x = build(sym)
    node = sym.d(erf(g), x)
    rewrite = error_function_rule.apply(node, sym.empty)
    rng = random.Random(29)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(-150, 150), 100))

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2, sym.k: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
