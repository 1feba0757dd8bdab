"""Checks shared by the tests of the rules built with the chain rule (rules/calculus/outer_function.py):
d/dx F(g) = F'(g) dg/dx. Each family's test file keeps its own table of cases."""

from __future__ import annotations

import random

import pytest
from sympy import Integer, Mul, Rational, exp

from derive.rules.calculus.constant_rule import constant_rule


def rewrites(sym, rule, function, outer, g, x, justifies):
    """The rule writes F'(g) times the derivative of g, and names f, g, F'(g) and x."""
    node = sym.d(function(g), x)
    rewrite = rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == Mul(outer(g), sym.d(g, x))
    assert rewrite.bindings == {"f": function(g), "g": g, "outer": outer(g), "x": x}
    justifies(rule, rewrite, node)


def writes_the_form_sympy_gives(sym, rule, function):
    """The outer derivative is SymPy's own, structurally: results compare easily with sympy.diff."""
    g = sym.x * sym.y + 1
    rewrite = rule.apply(sym.d(function(g), sym.x), sym.empty)
    assert rewrite.bindings["outer"] == function(g).fdiff()
    assert rewrite.after.subs(sym.d(g, sym.x), sym.y) == function(g).diff(sym.x)


def leaves_a_constant_to_the_constant_rule(sym, rule, function, g, x):
    node = sym.d(function(g), x)
    assert rule.apply(node, sym.empty) is None
    assert constant_rule.apply(node, sym.empty) is not None


def numerically_right(sym, rule, function, g, x, value, *, low, high, seed, real_inside=False):
    """Before and after agree at a point whose inputs are drawn from [low, high] / 100."""
    node = sym.d(function(g), x)
    rewrite = rule.apply(node, sym.empty)
    assert rewrite is not None
    rng = random.Random(seed)
    drawn = {}

    def values(atom):
        return drawn.setdefault(atom, Rational(rng.randint(low, high), 100))

    fixed = {sym.L: 3, sym.i: 1, sym.j: 2, sym.k: 2}
    if real_inside:
        assert value(function(g), fixed, values).imag == 0  # inside the domain: the function is real there
    before, after = value(node, fixed, values), value(rewrite.after, fixed, values)
    assert abs(before - after) <= 1e-20 * max(1, abs(before))


# Nodes a chain-rule family's rule F must not rewrite (``build(sym, F)``), shared by the families' tests.
NOT_ITS_NODES = [
    pytest.param(lambda s, f: s.d(f(s.x), (s.x, 2)), id="second derivative"),
    pytest.param(lambda s, f: f(s.x), id="no derivative"),
    pytest.param(lambda s, f: s.d(2 * f(s.x + 1), s.x), id="a multiple is a Mul"),
    pytest.param(lambda s, f: s.d(exp(s.x), s.x), id="another function"),
    pytest.param(lambda s, f: s.d(f(s.x)**2, s.x), id="a power of it is the power rule's"),
]

# Arguments free of the variable (``build(sym)`` gives (g, x)): the constant rule's, not the family's.
CONSTANT_ARGUMENTS = [
    pytest.param(lambda s: (s.y, s.x), id="of y w.r.t. x"),
    pytest.param(lambda s: (Integer(2), s.x), id="of 2"),
    pytest.param(lambda s: (s.z[s.i, 1], s.z[s.i, 2]), id="of z_{i,1} w.r.t. z_{i,2}"),
]
