"""split the fraction: (a b) / v^2 = (a / v)(b / v)"""

import pytest
from sympy import Integer, UnevaluatedExpr, exp

from derive.rules.algebra.split_fraction import split_fraction_rule


def held(expr):
    return UnevaluatedExpr(expr)


def _v(s):
    return s.w + 1  # a sum: the normaliser shared out


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x * s.y / _v(s)**2, _v(s), 2, held(s.x / _v(s)) * held(s.y / _v(s))),
                 id="x y / (w + 1)^2"),
    pytest.param(lambda s: (-s.x * s.y / _v(s)**2, _v(s), 2, -held(s.x / _v(s)) * held(s.y / _v(s))),
                 id="the sign stays in front"),
    pytest.param(lambda s: (s.x * s.y * exp(s.x) / _v(s)**3, _v(s), 3,
                            held(s.x / _v(s)) * held(s.y / _v(s)) * held(exp(s.x) / _v(s))), id="three copies"),
    pytest.param(lambda s: (-exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k]) / s.denominator**2, s.denominator, 2,
                            -held(exp(s.z[s.i, s.j]) / s.denominator) * held(exp(s.z[s.i, s.k]) / s.denominator)),
                 id="softmax j != k"),
])
def test_split_fraction_rewrites(sym, build, justifies):
    node, v, n, expected = build(sym)
    rewrite = split_fraction_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"v": v, "n": Integer(n), "fraction": node}
    justifies(split_fraction_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x / s.w**2, id="one factor upstairs, two copies downstairs"),
    pytest.param(lambda s: s.x * s.y / s.w, id="denominator only to the first power"),
    pytest.param(lambda s: s.x * s.y / (s.w**2 * (s.x + 1)**2), id="two squared denominators"),
    pytest.param(lambda s: s.x * s.y, id="no denominator"),
    pytest.param(lambda s: s.w**-2, id="a bare power is not a Mul"),
    pytest.param(lambda s: s.x * s.y / s.w**2, id="w is no sum, and no definition may fold the pieces"),
])
def test_split_fraction_does_not_apply(sym, build):
    assert split_fraction_rule.apply(build(sym), sym.empty) is None


def test_with_a_definition_in_force_any_denominator_is_shared_out(sym):
    node = sym.x * sym.y / sym.w**2
    rewrite = split_fraction_rule.apply(node, sym.softmax_context)
    assert rewrite.after == held(sym.x / sym.w) * held(sym.y / sym.w)
