"""The six hyperbolic rules with the chain rule: d/dx F(g) = F'(g) dg/dx"""

import pytest
from sympy import cosh, coth, csch, exp, sech, sinh, tanh

from chain_checks import (CONSTANT_ARGUMENTS, NOT_ITS_NODES, leaves_a_constant_to_the_constant_rule, numerically_right, rewrites,
                          writes_the_form_sympy_gives)
from derive.rules.functions.hyperbolic import hyperbolic_cosecant_rule, hyperbolic_cosine_rule, hyperbolic_cotangent_rule, hyperbolic_secant_rule, hyperbolic_sine_rule, hyperbolic_tangent_rule

# rule, function, the derivative of the function at g as written by hand
TABLE = [
    pytest.param(hyperbolic_sine_rule, sinh, lambda g: cosh(g), id="sinh"),
    pytest.param(hyperbolic_cosine_rule, cosh, lambda g: sinh(g), id="cosh"),
    pytest.param(hyperbolic_tangent_rule, tanh, lambda g: 1 - tanh(g)**2, id="tanh"),
    pytest.param(hyperbolic_cotangent_rule, coth, lambda g: -1 / sinh(g)**2, id="coth"),
    pytest.param(hyperbolic_secant_rule, sech, lambda g: -tanh(g) * sech(g), id="sech"),
    pytest.param(hyperbolic_cosecant_rule, csch, lambda g: -coth(g) * csch(g), id="csch"),
]

ARGUMENTS = [
    pytest.param(lambda s: (s.x, s.x), id="of x: chain form even for x itself"),
    pytest.param(lambda s: (3 * s.x, s.x), id="of 3x"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="of xy + 1"),
    pytest.param(lambda s: (exp(s.x), s.x), id="of e^x"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
]


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", ARGUMENTS)
def test_hyperbolic_rule_rewrites(sym, build, rule, function, outer, justifies):
    g, x = build(sym)
    rewrites(sym, rule, function, outer, g, x, justifies)


@pytest.mark.parametrize("rule, function, outer", TABLE)
def test_hyperbolic_rule_writes_the_form_sympy_gives(sym, rule, function, outer):
    writes_the_form_sympy_gives(sym, rule, function)


@pytest.mark.parametrize("rule, function", [
    (hyperbolic_cotangent_rule, coth), (hyperbolic_cosecant_rule, csch)])
def test_hyperbolic_rule_states_where_the_function_is_undefined(sym, rule, function, justifies):
    node = sym.d(function(2 * sym.x), sym.x)
    assert justifies(rule, rule.apply(node, sym.empty), node).endswith("valid where 2*x ≠ 0")


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", NOT_ITS_NODES)
def test_hyperbolic_rule_does_not_apply(sym, build, rule, function, outer):
    assert rule.apply(build(sym, function), sym.empty) is None


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", CONSTANT_ARGUMENTS)
def test_hyperbolic_rule_leaves_a_constant_to_the_constant_rule(sym, build, rule, function, outer):
    g, x = build(sym)
    leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2 + s.y, s.x), id="of x^2 + y"),
    pytest.param(lambda s: (exp(s.x) * s.y, s.y), id="of y e^x w.r.t. y"),
    pytest.param(lambda s: (s.z[s.i, s.j] * s.z[s.i, 1], s.z[s.i, s.k]), id="of z_ij z_i1 w.r.t. z_ik"),
])
def test_hyperbolic_rule_is_numerically_right(sym, build, rule, function, outer, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=20, high=150, seed=19)
