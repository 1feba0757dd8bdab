"""power with a varying exponent: d/dx f^g = d/dx e^{g log f}, where f > 0"""

import random

import pytest
from sympy import Mul, Pow, Rational, exp, log, sin

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.calculus.power_rule import power_rule
from derive.rules.functions.exponential_rule import exponential_rule
from derive.rules.functions.general_exponential import general_exponential_rule
from derive.rules.functions.power_as_exponential import power_as_exponential_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x, s.x), id="x^x"),
    pytest.param(lambda s: (s.x + 1, 2 * s.x, s.x), id="(x + 1)^{2x}"),
    pytest.param(lambda s: (s.x**2 + 1, s.x * s.y, s.x), id="(x^2 + 1)^{xy}"),
    pytest.param(lambda s: (sin(s.x), s.x, s.x), id="sin(x)^x"),
    pytest.param(lambda s: (s.x, exp(s.x), s.x), id="x^{e^x}"),
    pytest.param(lambda s: (s.x, -s.x, s.x), id="x^{-x}"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k], s.z[s.i, s.k]), id="z_ij^{z_ik}: j may equal k"),
])
def test_power_as_exponential_rule_rewrites(sym, build, justifies):
    f, g, x = build(sym)
    power = Pow(f, g)
    assert isinstance(power, Pow) and power.base == f and power.exp == g
    node = sym.d(power, x)
    rewrite = power_as_exponential_rule.apply(node, sym.empty)
    assert rewrite is not None
    exponential = exp(Mul(g, log(f)))
    assert rewrite.after == sym.d(exponential, x)
    assert rewrite.bindings == {"f": f, "g": g, "power": power, "exponential": exponential, "x": x}
    sentence = justifies(power_as_exponential_rule, rewrite, node)
    assert f"where {f} is positive" in sentence


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="x^x"),
    pytest.param(lambda s: (s.x + 1, 2 * s.x), id="(x + 1)^{2x}"),
    pytest.param(lambda s: (s.x, 3 * s.x * s.y), id="x^{3xy}"),
    pytest.param(lambda s: (s.x, s.x**2 / 2), id="x^{x^2/2}"),
    pytest.param(lambda s: (s.x, log(s.x)), id="x^{log x}"),
])
def test_sympy_keeps_the_exponential_as_written(sym, build):
    """SymPy does not fold exp(g log f) back into f^g: the exponential rule takes the new node."""
    f, g = build(sym)
    rewrite = power_as_exponential_rule.apply(sym.d(Pow(f, g), sym.x), sym.empty)
    exponential = rewrite.after.expr
    assert isinstance(exponential, exp) and exponential.args[0] == Mul(g, log(f))
    then = exponential_rule.apply(rewrite.after, sym.empty)
    assert then is not None and then.after == exponential * sym.d(Mul(g, log(f)), sym.x)


def test_x_to_the_x_written_out(sym):
    rewrite = power_as_exponential_rule.apply(sym.d(sym.x**sym.x, sym.x), sym.empty)
    assert rewrite.after == sym.d(exp(sym.x * log(sym.x)), sym.x)
    assert power_as_exponential_rule.justify(rewrite.bindings, str) == (
        "both the base x and the exponent x depend on x, so x**x is written as exp(x*log(x)), "
        "the same function where x is positive, and that is differentiated instead")


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x**2, s.x), id="x^2: constant exponent (power rule)"),
    pytest.param(lambda s: s.d(s.x**s.y, s.x), id="x^y: constant exponent (power rule)"),
    pytest.param(lambda s: s.d(2**s.x, s.x), id="2^x: constant base (exponential with any base)"),
    pytest.param(lambda s: s.d(s.y**s.x, s.x), id="y^x: constant base"),
    pytest.param(lambda s: s.d(s.z[s.i, 1]**s.z[s.i, 2], s.z[s.i, 2]), id="z_{i,1}^{z_{i,2}} w.r.t. z_{i,2}"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="exp is not a Pow"),
    pytest.param(lambda s: s.d(exp(s.x * log(s.x)), s.x), id="already an exponential"),
    pytest.param(lambda s: s.d(s.x * s.x**s.x, s.x), id="a product is a Mul"),
    pytest.param(lambda s: s.d(s.x**s.x, (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: s.x**s.x, id="no derivative"),
])
def test_power_as_exponential_rule_does_not_apply(sym, build):
    assert power_as_exponential_rule.apply(build(sym), sym.empty) is None


def test_a_constant_power_is_the_constant_rules(sym):
    node = sym.d(sym.y**sym.w, sym.x)
    assert power_as_exponential_rule.apply(node, sym.empty) is None
    assert general_exponential_rule.apply(node, sym.empty) is None
    assert power_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x**s.x, s.x), id="x^x"),
    pytest.param(lambda s: ((s.x + s.y)**(s.x * s.y), s.y), id="(x + y)^{xy} w.r.t. y"),
    pytest.param(lambda s: ((s.x**2 + 1)**exp(s.x), s.x), id="(x^2 + 1)^{e^x}"),
    pytest.param(lambda s: (s.z[s.i, s.j]**s.z[s.i, s.k], s.z[s.i, s.k]), id="z_ij^{z_ik}, j = k"),
])
def test_power_as_exponential_rule_is_numerically_right(sym, build, value):
    f, x = build(sym)
    node = sym.d(f, x)
    rewrite = power_as_exponential_rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(37)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(10, 200), 100))  # the base f > 0

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2, sym.k: 2}
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))
