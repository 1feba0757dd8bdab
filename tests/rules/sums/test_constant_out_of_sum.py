"""constant factor out of a sum: sum_l c a_l = c sum_l a_l when c does not contain l"""

import pytest
from sympy import KroneckerDelta, Sum

from derive.rules.sums.constant_out_of_sum import constant_out_of_sum_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Sum(s.z[s.j] * s.S[s.j] * s.S[s.k], (s.j, 1, s.L)), s.S[s.k], s.z[s.j] * s.S[s.j]),
                 id="S_k out of sum_j g_j S_j S_k"),
    pytest.param(lambda s: (Sum(-s.z[s.j] * s.S[s.k], (s.j, 1, s.L)), -s.S[s.k], s.z[s.j]), id="with a sign"),
    pytest.param(lambda s: (Sum(s.x * s.L * s.z[s.j], (s.j, 1, s.L)), s.x * s.L, s.z[s.j]),
                 id="the length is constant in the sum"),
    pytest.param(lambda s: (Sum(s.z[s.j] * KroneckerDelta(s.l, s.k), (s.j, 1, s.L)), KroneckerDelta(s.l, s.k),
                            s.z[s.j]), id="a delta of other indices"),
])
def test_constant_out_of_sum_rewrites(sym, build, justifies):
    node, c, rest = build(sym)
    rewrite = constant_out_of_sum_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == c * Sum(rest, (sym.j, 1, sym.L))
    assert rewrite.bindings == {"c": c, "l": sym.j, "term": rest}
    justifies(constant_out_of_sum_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(s.z[s.j] * s.S[s.j], (s.j, 1, s.L)), id="every factor contains j"),
    pytest.param(lambda s: Sum(s.z[s.j] * KroneckerDelta(s.j, s.k), (s.j, 1, s.L)), id="the delta contains j"),
    pytest.param(lambda s: Sum(s.x * s.S[s.k], (s.j, 1, s.L)), id="nothing varies: that is L c, not this rule"),
    pytest.param(lambda s: Sum(s.z[s.j] + s.S[s.k], (s.j, 1, s.L)), id="a sum of terms, not a product"),
    pytest.param(lambda s: Sum(s.x * s.z[s.j, s.l], (s.j, 1, s.L), (s.l, 1, s.L)), id="a double sum"),
    pytest.param(lambda s: s.x * s.z[s.j], id="not a sum"),
])
def test_constant_out_of_sum_does_not_apply(sym, build):
    assert constant_out_of_sum_rule.apply(build(sym), sym.empty) is None
