"""The inverse trigonometric rules with the chain rule: d/dx F(g) = F'(g) dg/dx"""

import pytest
from sympy import Rational, acos, acot, acsc, asec, asin, atan, exp, sqrt

from chain_checks import (leaves_a_constant_to_the_constant_rule, numerically_right, rewrites,
                          writes_the_form_sympy_gives)
from derive.rules.functions.inverse_trigonometric import (arccosecant_rule, arccosine_rule, arccotangent_rule,
                                                          arcsecant_rule, arcsine_rule, arctangent_rule)

# rule, function, the derivative of the function at g as written by hand
TABLE = [
    pytest.param(arcsine_rule, asin, lambda g: 1 / sqrt(1 - g**2), id="asin"),
    pytest.param(arccosine_rule, acos, lambda g: -1 / sqrt(1 - g**2), id="acos"),
    pytest.param(arctangent_rule, atan, lambda g: 1 / (g**2 + 1), id="atan"),
    pytest.param(arccotangent_rule, acot, lambda g: -1 / (g**2 + 1), id="acot"),
    pytest.param(arcsecant_rule, asec, lambda g: 1 / (g**2 * sqrt(1 - 1 / g**2)), id="asec"),
    pytest.param(arccosecant_rule, acsc, lambda g: -1 / (g**2 * sqrt(1 - 1 / g**2)), id="acsc"),
]

ARGUMENTS = [
    pytest.param(lambda s: (s.x, s.x), id="of x: chain form even for x itself"),
    pytest.param(lambda s: (s.x / 2, s.x), id="of x/2"),
    pytest.param(lambda s: (s.x * s.y, s.x), id="of xy"),
    pytest.param(lambda s: (s.x**2, s.x), id="of x^2"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
]


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", ARGUMENTS)
def test_inverse_trigonometric_rule_rewrites(sym, build, rule, function, outer, justifies):
    g, x = build(sym)
    rewrites(sym, rule, function, outer, g, x, justifies)


@pytest.mark.parametrize("rule, function, outer", TABLE)
def test_inverse_trigonometric_rule_writes_the_form_sympy_gives(sym, rule, function, outer):
    writes_the_form_sympy_gives(sym, rule, function)


@pytest.mark.parametrize("rule, function, domain", [
    (arcsine_rule, asin, "valid where x**2 lies strictly between -1 and 1"),
    (arccosine_rule, acos, "valid where x**2 lies strictly between -1 and 1"),
    (arctangent_rule, atan, "for real x**2"),
    (arccotangent_rule, acot, "valid for real x**2 ≠ 0"),
    (arcsecant_rule, asec, "valid where x**2 lies outside [-1, 1]"),
    (arccosecant_rule, acsc, "valid where x**2 lies outside [-1, 1]"),
])
def test_inverse_trigonometric_rule_states_its_domain(sym, rule, function, domain, justifies):
    node = sym.d(function(sym.x**2), sym.x)
    sentence = justifies(rule, rule.apply(node, sym.empty), node)
    assert sentence.endswith(domain)


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s, f: s.d(f(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s, f: f(s.x), id="no derivative"),
    pytest.param(lambda s, f: s.d(3 * f(s.x / 2), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s, f: s.d(exp(s.x), s.x), id="another function"),
])
def test_inverse_trigonometric_rule_does_not_apply(sym, build, rule, function, outer):
    assert rule.apply(build(sym, function), sym.empty) is None


@pytest.mark.parametrize("rule, function, outer", TABLE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.y, s.x), id="of y w.r.t. x"),
    pytest.param(lambda s: (Rational(1, 2), s.x), id="of 1/2"),
    pytest.param(lambda s: (s.z[s.i, 1], s.z[s.i, 2]), id="of z_{i,1} w.r.t. z_{i,2}"),
])
def test_inverse_trigonometric_rule_leaves_a_constant_to_the_constant_rule(sym, build, rule, function, outer):
    g, x = build(sym)
    leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x)


INSIDE = [param for param in TABLE if param.id not in ("asec", "acsc")]  # real for arguments in (-1, 1)
OUTSIDE = [param for param in TABLE if param.id in ("asec", "acsc")]  # real for arguments outside [-1, 1]


@pytest.mark.parametrize("rule, function, outer", OUTSIDE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (1 / (s.x * s.y), s.x), id="of 1/(xy)"),
    pytest.param(lambda s: (1 + s.x**2 + s.y, s.y), id="of 1 + x^2 + y w.r.t. y"),
    pytest.param(lambda s: (2 + s.z[s.i, s.j] * s.z[s.i, 1], s.z[s.i, s.k]), id="of 2 + z_ij z_i1 w.r.t. z_ik"),
])
def test_arcsecant_and_arccosecant_rules_are_numerically_right(sym, build, rule, function, outer, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=10, high=90, seed=17, real_inside=True)


@pytest.mark.parametrize("rule, function, outer", INSIDE)
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x * s.y, s.x), id="of xy"),
    pytest.param(lambda s: ((s.x**2 + s.y) / 2, s.y), id="of (x^2 + y)/2 w.r.t. y"),
    pytest.param(lambda s: (s.z[s.i, s.j] * s.z[s.i, 1], s.z[s.i, s.k]), id="of z_ij z_i1 w.r.t. z_ik"),
])
def test_inverse_trigonometric_rule_is_numerically_right(sym, build, rule, function, outer, value):
    g, x = build(sym)
    numerically_right(sym, rule, function, g, x, value, low=10, high=90, seed=17, real_inside=True)
