"""The special functions of one argument with the chain rule: d/dx F(g) = F'(g) dg/dx"""

import pytest
from sympy import (Chi, Ci, Ei, LambertW, Shi, Si, cos, cosh, erfi, erfinv, exp, fresnelc, fresnels,
                   gamma, li, log, loggamma, pi, polygamma, sin, sinc, sinh, sqrt)

from chain_checks import (CONSTANT_ARGUMENTS, NOT_ITS_NODES, leaves_a_constant_to_the_constant_rule, numerically_right, rewrites,
                          writes_the_form_sympy_gives)
from derive.rules.functions.special import (cosine_integral_rule, exponential_integral_rule, fresnel_cosine_rule,
                                            fresnel_sine_rule, gamma_rule, hyperbolic_cosine_integral_rule,
                                            hyperbolic_sine_integral_rule, imaginary_error_function_rule,
                                            inverse_error_function_rule, lambert_w_rule, log_gamma_rule,
                                            logarithmic_integral_rule, sinc_rule, sine_integral_rule, SPECIAL_RULES)

# rule, function, the derivative of the function at g as written by hand
TABLE = [
    pytest.param(gamma_rule, gamma, lambda g: gamma(g) * polygamma(0, g), id="gamma"),
    pytest.param(log_gamma_rule, loggamma, lambda g: polygamma(0, g), id="loggamma"),
    pytest.param(imaginary_error_function_rule, erfi, lambda g: 2 * exp(g**2) / sqrt(pi), id="erfi"),
    pytest.param(inverse_error_function_rule, erfinv, lambda g: sqrt(pi) * exp(erfinv(g)**2) / 2, id="erfinv"),
    pytest.param(exponential_integral_rule, Ei, lambda g: exp(g) / g, id="Ei"),
    pytest.param(logarithmic_integral_rule, li, lambda g: 1 / log(g), id="li"),
    pytest.param(sine_integral_rule, Si, lambda g: sin(g) / g, id="Si"),
    pytest.param(cosine_integral_rule, Ci, lambda g: cos(g) / g, id="Ci"),
    pytest.param(hyperbolic_sine_integral_rule, Shi, lambda g: sinh(g) / g, id="Shi"),
    pytest.param(hyperbolic_cosine_integral_rule, Chi, lambda g: cosh(g) / g, id="Chi"),
    pytest.param(lambert_w_rule, LambertW, lambda g: LambertW(g) / (g * (LambertW(g) + 1)), id="LambertW"),
    pytest.param(sinc_rule, sinc, lambda g: cos(g) / g - sin(g) / g**2, id="sinc"),
    pytest.param(fresnel_sine_rule, fresnels, lambda g: sin(pi * g**2 / 2), id="fresnels"),
    pytest.param(fresnel_cosine_rule, fresnelc, lambda g: cos(pi * g**2 / 2), id="fresnelc"),
]

ARGUMENTS = [
    pytest.param(lambda s: (s.x, s.x), id="of x: chain form even for x itself"),
    pytest.param(lambda s: (3 * s.x, s.x), id="of 3x"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="of xy + 1"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
]


def test_the_table_holds_every_rule_of_the_file():
    assert [param.values[0] for param in TABLE] == list(SPECIAL_RULES)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", ARGUMENTS)
def test_special_rule_rewrites(sym, build, rule, function, outer, justifies):
    g, x = build(sym)
    rewrites(sym, rule, function, outer, g, x, justifies)


@pytest.mark.parametrize("rule, function, outer", TABLE)
def test_special_rule_writes_the_form_sympy_gives(sym, rule, function, outer):
    writes_the_form_sympy_gives(sym, rule, function)


@pytest.mark.parametrize("rule, function, where", [
    (exponential_integral_rule, Ei, "valid where 2*x ≠ 0"),
    (logarithmic_integral_rule, li, "valid where 2*x is greater than 0 and 2*x ≠ 1"),
    (inverse_error_function_rule, erfinv, "valid where 2*x lies strictly between -1 and 1"),
    (lambert_w_rule, LambertW, "valid where 2*x ≠ 0 and 2*x is greater than -1/e"),
])
def test_special_rule_states_where_it_holds(sym, rule, function, where, justifies):
    node = sym.d(function(2 * sym.x), sym.x)
    assert justifies(rule, rule.apply(node, sym.empty), node).endswith(where)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", NOT_ITS_NODES)
def test_special_rule_does_not_apply(sym, build, rule, function, outer):
    assert rule.apply(build(sym, function), sym.empty) is None


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", CONSTANT_ARGUMENTS)
def test_special_rule_leaves_a_constant_to_the_constant_rule(sym, build, rule, function, outer):
    g, x = build(sym)
    leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x)


@pytest.mark.parametrize("rule, function, outer", [param for param in TABLE if param.id != "erfinv"])
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2 + s.y, s.x), id="of x^2 + y"),
    pytest.param(lambda s: (exp(s.x) * s.y, s.y), id="of y e^x w.r.t. y"),
])
def test_special_rule_is_numerically_right(sym, build, rule, function, outer, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=20, high=150, seed=19)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**2 / 3, s.x), id="of x^2/3"),
    pytest.param(lambda s: (s.x * s.y / 4, s.y), id="of xy/4 w.r.t. y"),
])
def test_inverse_error_function_rule_is_numerically_right(sym, build, value):
    g, x = build(sym)
    numerically_right(sym, inverse_error_function_rule, erfinv, g, x, value, low=20, high=150, seed=19)
