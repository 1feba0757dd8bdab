"""polygamma rule: d/dx psi^(n)(g) = psi^(n+1)(g) dg/dx, for a constant whole order n"""

import pytest
from sympy import Integer, Mul, Symbol, digamma, exp, gamma, polygamma, trigamma

from derive.rules.calculus.constant_rule import constant_rule
from derive.rules.functions.polygamma_rule import polygamma_rule


@pytest.mark.parametrize("order", [0, 1, 3])
@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x, s.x), id="of x"),
    pytest.param(lambda s: (s.x**2 + s.y, s.x), id="of x^2 + y"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k]), id="of z_ij w.r.t. z_ik: j may equal k"),
])
def test_polygamma_rule_raises_the_order(sym, build, order, justifies):
    g, x = build(sym)
    node = sym.d(polygamma(order, g), x)
    rewrite = polygamma_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(polygamma(order + 1, g), sym.d(g, x))
    assert rewrite.bindings == {"f": polygamma(order, g), "g": g, "n": Integer(order),
                                "outer": polygamma(order + 1, g), "x": x}
    assert rewrite.after.subs(sym.d(g, x), g.diff(x)) == polygamma(order, g).diff(x)  # SymPy's own form
    justifies(polygamma_rule, rewrite, node)


def test_digamma_and_trigamma_are_its_first_orders(sym):
    assert digamma(sym.x) == polygamma(0, sym.x) and trigamma(sym.x) == polygamma(1, sym.x)
    rewrite = polygamma_rule.apply(sym.d(digamma(sym.x), sym.x), sym.empty)
    assert rewrite.bindings["outer"] == trigamma(sym.x)


def test_polygamma_rule_says_which_order(sym):
    rewrite = polygamma_rule.apply(sym.d(polygamma(2, 3 * sym.x), sym.x), sym.empty)
    assert polygamma_rule.justify(rewrite.bindings, str) == (
        "the derivative of the polygamma function polygamma(2, 3*x) of order 2 is polygamma(3, 3*x), the "
        "polygamma function of the next order, times the derivative of its argument 3*x (the chain rule)")


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(polygamma(0, s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: polygamma(0, s.x), id="no derivative"),
    pytest.param(lambda s: s.d(2 * polygamma(0, s.x), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s: s.d(gamma(s.x), s.x), id="gamma is the gamma rule's"),
    pytest.param(lambda s: s.d(polygamma(Symbol("n", integer=True), s.x), s.x), id="an order that is a symbol"),
    pytest.param(lambda s: s.d(polygamma(s.x, s.x), s.x), id="an order that varies with x"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), id="another function"),
])
def test_polygamma_rule_does_not_apply(sym, build):
    assert polygamma_rule.apply(build(sym), sym.empty) is None


def test_polygamma_rule_leaves_a_constant_to_the_constant_rule(sym):
    node = sym.d(polygamma(1, sym.y), sym.x)
    assert polygamma_rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None
