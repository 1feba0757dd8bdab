"""The inverse hyperbolic rules with the chain rule: d/dx F(g) = F'(g) dg/dx"""

import pytest
from sympy import Integer, Rational, acosh, acoth, acsch, asech, asinh, atanh, exp, sqrt

from chain_checks import (leaves_a_constant_to_the_constant_rule, numerically_right, rewrites,
                          writes_the_form_sympy_gives)
from derive.rules.functions.inverse_hyperbolic import (inverse_hyperbolic_cosecant_rule, inverse_hyperbolic_cosine_rule,
                                                       inverse_hyperbolic_cotangent_rule, inverse_hyperbolic_secant_rule,
                                                       inverse_hyperbolic_sine_rule, inverse_hyperbolic_tangent_rule)

# rule, function, the derivative of the function at g as written by hand
TABLE = [
    pytest.param(inverse_hyperbolic_sine_rule, asinh, lambda g: 1 / sqrt(g**2 + 1), id="asinh"),
    pytest.param(inverse_hyperbolic_cosine_rule, acosh, lambda g: 1 / (sqrt(g - 1) * sqrt(g + 1)), id="acosh"),
    pytest.param(inverse_hyperbolic_tangent_rule, atanh, lambda g: 1 / (1 - g**2), id="atanh"),
    pytest.param(inverse_hyperbolic_cotangent_rule, acoth, lambda g: 1 / (1 - g**2), id="acoth"),
    pytest.param(inverse_hyperbolic_secant_rule, asech, lambda g: -1 / (g * sqrt(1 - g**2)), id="asech"),
    pytest.param(inverse_hyperbolic_cosecant_rule, acsch, lambda g: -1 / (g**2 * sqrt(1 + 1 / g**2)), id="acsch"),
]

ARGUMENTS = [
    pytest.param(lambda s: (s.x, s.x), id="of x: chain form even for x itself"),
    pytest.param(lambda s: (2 * s.x, s.x), id="of 2x"),
    pytest.param(lambda s: (s.x * s.y + 1, s.x), id="of xy + 1"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
]


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", ARGUMENTS)
def test_inverse_hyperbolic_rule_rewrites(sym, build, rule, function, outer, justifies):
    g, x = build(sym)
    rewrites(sym, rule, function, outer, g, x, justifies)


@pytest.mark.parametrize("rule, function, outer", TABLE)
def test_inverse_hyperbolic_rule_writes_the_form_sympy_gives(sym, rule, function, outer):
    writes_the_form_sympy_gives(sym, rule, function)


@pytest.mark.parametrize("rule, function, domain", [
    (inverse_hyperbolic_sine_rule, asinh, "for real 2*x"),
    (inverse_hyperbolic_cosine_rule, acosh, "valid where 2*x is greater than 1"),
    (inverse_hyperbolic_tangent_rule, atanh, "valid where 2*x lies strictly between -1 and 1"),
    (inverse_hyperbolic_cotangent_rule, acoth, "valid where 2*x lies outside [-1, 1]"),
    (inverse_hyperbolic_secant_rule, asech, "valid where 2*x lies strictly between 0 and 1"),
    (inverse_hyperbolic_cosecant_rule, acsch, "valid for real 2*x ≠ 0"),
])
def test_inverse_hyperbolic_rule_states_its_domain(sym, rule, function, domain, justifies):
    node = sym.d(function(2 * sym.x), sym.x)
    assert justifies(rule, rule.apply(node, sym.empty), node).endswith(domain)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s, f: s.d(f(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s, f: f(s.x), id="no derivative"),
    pytest.param(lambda s, f: s.d(2 * f(s.x + 3), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s, f: s.d(exp(s.x), s.x), id="another function"),
])
def test_inverse_hyperbolic_rule_does_not_apply(sym, build, rule, function, outer):
    assert rule.apply(build(sym, function), sym.empty) is None


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.y, s.x), id="of y w.r.t. x"),
    pytest.param(lambda s: (Integer(3), s.x), id="of 3"),
    pytest.param(lambda s: (s.z[s.i, 1], s.z[s.i, 2]), id="of z_{i,1} w.r.t. z_{i,2}"),
])
def test_inverse_hyperbolic_rule_leaves_a_constant_to_the_constant_rule(sym, build, rule, function, outer):
    g, x = build(sym)
    leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x)


# inputs are drawn in [0.1, 0.9]; each argument is built to lie inside its function's domain
@pytest.mark.parametrize("rule, function, build", [
    pytest.param(inverse_hyperbolic_sine_rule, asinh, lambda s: (s.x**2 - s.y, s.x), id="asinh of x^2 - y"),
    pytest.param(inverse_hyperbolic_sine_rule, asinh, lambda s: (s.z[s.i, s.j] * s.x, s.z[s.i, s.k]),
                 id="asinh of z_ij x w.r.t. z_ik"),
    pytest.param(inverse_hyperbolic_cosine_rule, acosh, lambda s: (1 + s.x * s.y, s.x), id="acosh of 1 + xy"),
    pytest.param(inverse_hyperbolic_cosine_rule, acosh, lambda s: (exp(s.x) + s.y, s.y), id="acosh of e^x + y"),
    pytest.param(inverse_hyperbolic_tangent_rule, atanh, lambda s: (s.x * s.y, s.x), id="atanh of xy in (0, 1)"),
    pytest.param(inverse_hyperbolic_tangent_rule, atanh, lambda s: (s.x**2 - s.y, s.y), id="atanh of x^2 - y"),
    pytest.param(inverse_hyperbolic_cotangent_rule, acoth, lambda s: (1 + s.x + s.y, s.x), id="acoth of 1 + x + y"),
    pytest.param(inverse_hyperbolic_cotangent_rule, acoth, lambda s: (1 / (s.x * s.y), s.y), id="acoth of 1/(xy)"),
    pytest.param(inverse_hyperbolic_secant_rule, asech, lambda s: (s.x * s.y, s.x), id="asech of xy in (0, 1)"),
    pytest.param(inverse_hyperbolic_cosecant_rule, acsch, lambda s: (s.x - 2 * s.y, s.y), id="acsch of x - 2y"),
])
def test_inverse_hyperbolic_rule_is_numerically_right(sym, rule, function, build, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=10, high=90, seed=23, real_inside=True)


def test_acosh_rule_agrees_with_sympy_below_minus_one(sym, value):
    """Written SymPy's way, sqrt(g - 1) sqrt(g + 1) is -sqrt(g^2 - 1) for g < -1; both sides agree there."""
    node = sym.d(acosh(sym.x), sym.x)
    rewrite = inverse_hyperbolic_cosine_rule.apply(node, sym.empty)
    before, after = (value(side, {}, lambda atom: Rational(-3, 2)) for side in (node, rewrite.after))
    assert before.real < 0 and abs(before - after) < 1e-25  # -1/sqrt(g^2 - 1), not +
