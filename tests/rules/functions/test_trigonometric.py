"""The six trigonometric rules with the chain rule: d/dx F(g) = F'(g) dg/dx"""

import pytest
from sympy import Integer, cos, cot, csc, exp, sec, sin, tan

from chain_checks import (leaves_a_constant_to_the_constant_rule, numerically_right, rewrites,
                          writes_the_form_sympy_gives)
from derive.rules.functions.trigonometric import cosecant_rule, cosine_rule, cotangent_rule, secant_rule, sine_rule, tangent_rule

# rule, function, the derivative of the function at g as written by hand
TABLE = [
    pytest.param(sine_rule, sin, lambda g: cos(g), id="sin"),
    pytest.param(cosine_rule, cos, lambda g: -sin(g), id="cos"),
    pytest.param(tangent_rule, tan, lambda g: tan(g)**2 + 1, id="tan"),
    pytest.param(cotangent_rule, cot, lambda g: -cot(g)**2 - 1, id="cot"),
    pytest.param(secant_rule, sec, lambda g: tan(g) * sec(g), id="sec"),
    pytest.param(cosecant_rule, csc, lambda g: -cot(g) * csc(g), id="csc"),
]

ARGUMENTS = [
    pytest.param(lambda s: (s.x, s.x), id="of x: chain form even for x itself"),
    pytest.param(lambda s: (2 * s.x, s.x), id="of 2x"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="of xy + 1"),
    pytest.param(lambda s: (exp(s.x) + s.x**2, s.x), id="of e^x + x^2"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
]


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", ARGUMENTS)
def test_trigonometric_rule_rewrites(sym, build, rule, function, outer, justifies):
    g, x = build(sym)
    rewrites(sym, rule, function, outer, g, x, justifies)


@pytest.mark.parametrize("rule, function, outer", TABLE)
def test_trigonometric_rule_writes_the_form_sympy_gives(sym, rule, function, outer):
    writes_the_form_sympy_gives(sym, rule, function)


def test_sine_rule_on_x_keeps_the_variable_derivative(sym):
    rewrite = sine_rule.apply(sym.d(sin(sym.x), sym.x), sym.empty)
    assert rewrite.after == cos(sym.x) * sym.d(sym.x, sym.x)


def test_tangent_rule_sentence_names_the_parts(sym):
    rewrite = tangent_rule.apply(sym.d(tan(2 * sym.x), sym.x), sym.empty)
    sentence = tangent_rule.justify(rewrite.bindings, str)
    assert sentence == ("the derivative of the tangent tan(2*x) is tan(2*x)**2 + 1 times the derivative "
                        "of its argument 2*x (the chain rule)")


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s, f: s.d(f(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s, f: f(s.x), id="no derivative"),
    pytest.param(lambda s, f: s.d(2 * f(s.x + 1), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s, f: s.d(f(s.x) + 1, s.x), id="a sum"),
    pytest.param(lambda s, f: s.d(exp(s.x), s.x), id="another function"),
    pytest.param(lambda s, f: s.d(f(s.x)**2, s.x), id="a power of it is the power rule's"),
])
def test_trigonometric_rule_does_not_apply(sym, build, rule, function, outer):
    assert rule.apply(build(sym, function), sym.empty) is None


def test_each_rule_takes_only_its_own_function(sym):
    rules = [sine_rule, cosine_rule, tangent_rule, cotangent_rule, secant_rule, cosecant_rule]
    functions = [sin, cos, tan, cot, sec, csc]
    for rule in rules:
        taken = [f for f in functions if rule.apply(sym.d(f(sym.x + 1), sym.x), sym.empty) is not None]
        assert len(taken) == 1, (rule.name, taken)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.y, s.x), id="of y w.r.t. x"),
    pytest.param(lambda s: (Integer(2), s.x), id="of 2"),
    pytest.param(lambda s: (s.z[s.i, 1], s.z[s.i, 2]), id="of z_{i,1} w.r.t. z_{i,2}"),
])
def test_trigonometric_rule_leaves_a_constant_to_the_constant_rule(sym, build, rule, function, outer):
    g, x = build(sym)
    leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2 + s.y, s.x), id="of x^2 + y"),
    pytest.param(lambda s: (exp(s.x) * s.y, s.y), id="of y e^x w.r.t. y"),
    pytest.param(lambda s: (s.z[s.i, s.j] * s.z[s.i, 1], s.z[s.i, s.k]), id="of z_ij z_i1 w.r.t. z_ik"),
])
def test_trigonometric_rule_is_numerically_right(sym, build, rule, function, outer, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=20, high=120, seed=13)
