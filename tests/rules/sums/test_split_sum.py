"""split the sum: sum_l (a_l + b_l) = sum_l a_l + sum_l b_l"""

import pytest
from sympy import KroneckerDelta, Mul, Sum

from derive.rules.sums.split_sum import split_sum_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Sum(s.z[s.j] + s.S[s.j], (s.j, 1, s.L)),
                            Sum(s.z[s.j], (s.j, 1, s.L)) + Sum(s.S[s.j], (s.j, 1, s.L))), id="a + b"),
    pytest.param(lambda s: (Sum(s.z[s.j] * KroneckerDelta(s.j, s.k) - s.z[s.j] * s.S[s.k], (s.j, 1, s.L)),
                            Sum(s.z[s.j] * KroneckerDelta(s.j, s.k), (s.j, 1, s.L))
                            - Sum(s.z[s.j] * s.S[s.k], (s.j, 1, s.L))), id="a minus sign goes in front of its sum"),
    pytest.param(lambda s: (Sum(s.z[s.j] + s.x + 1, (s.j, 1, s.L)),
                            Sum(s.z[s.j], (s.j, 1, s.L)) + Sum(s.x, (s.j, 1, s.L)) + Sum(1, (s.j, 1, s.L))),
                 id="three terms, constants included"),
])
def test_split_sum_rewrites(sym, build, justifies):
    node, expected = build(sym)
    rewrite = split_sum_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings == {"sum": node, "terms": node.function, "l": sym.j}
    justifies(split_sum_rule, rewrite, node)


def test_split_sum_keeps_each_minus_sign_outside(sym):
    node = Sum(sym.z[sym.j] - sym.S[sym.j], (sym.j, 1, sym.L))
    negative = [term for term in split_sum_rule.apply(node, sym.empty).after.args if isinstance(term, Mul)]
    assert negative == [Mul(-1, Sum(sym.S[sym.j], (sym.j, 1, sym.L)))]


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(s.z[s.j] * s.S[s.j], (s.j, 1, s.L)), id="a product inside"),
    pytest.param(lambda s: Sum(s.z[s.j, s.l] + s.x, (s.j, 1, s.L), (s.l, 1, s.L)), id="a double sum"),
    pytest.param(lambda s: s.z[s.j] + s.S[s.j], id="not a sum over an index"),
])
def test_split_sum_does_not_apply(sym, build):
    assert split_sum_rule.apply(build(sym), sym.empty) is None
