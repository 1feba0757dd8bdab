"""indexed variable rule: d z_l / d z_k = delta_{lk}"""

import pytest
from sympy import And, Eq, KroneckerDelta

from derive.rules.calculus.indexed_variable_rule import indexed_variable_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.z[s.i, s.l], s.z[s.i, s.k], KroneckerDelta(s.l, s.k), Eq(s.l, s.k)),
                 id="z_il w.r.t. z_ik"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.i, s.k], KroneckerDelta(s.j, s.k), Eq(s.j, s.k)),
                 id="z_ij w.r.t. z_ik"),
    pytest.param(lambda s: (s.z[s.j], s.z[s.k], KroneckerDelta(s.j, s.k), Eq(s.j, s.k)), id="one index"),
    pytest.param(lambda s: (s.z[s.j], s.z[1], KroneckerDelta(s.j, 1), Eq(s.j, 1)), id="a concrete index"),
    pytest.param(lambda s: (s.z[s.i, s.j], s.z[s.m, s.k],
                            KroneckerDelta(s.i, s.m) * KroneckerDelta(s.j, s.k),
                            And(Eq(s.i, s.m), Eq(s.j, s.k))), id="two differing indices"),
])
def test_indexed_variable_rule_gives_kronecker_delta(sym, build, justifies):
    v, x, delta, same = build(sym)
    node = sym.d(v, x)
    rewrite = indexed_variable_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == delta
    assert rewrite.bindings["delta"] == delta
    assert rewrite.bindings["same"] == same
    assert rewrite.bindings["v"] == v and rewrite.bindings["x"] == x
    sentence = justifies(indexed_variable_rule, rewrite, node)
    assert str(delta) in sentence


def test_indexed_variable_rule_delta_is_kronecker_l_k(sym):
    """The textbook case spelt out: d z[i,l] / d z[i,k] is KroneckerDelta(l, k), the sample i cancels."""
    rewrite = indexed_variable_rule.apply(sym.d(sym.z[sym.i, sym.l], sym.z[sym.i, sym.k]), sym.empty)
    assert rewrite.after == KroneckerDelta(sym.l, sym.k)
    assert sym.i not in rewrite.after.free_symbols


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.z[1], s.z[2]), id="z_1 w.r.t. z_2: the constant rule's"),
    pytest.param(lambda s: s.d(s.z[s.i, 1], s.z[s.i, 2]), id="z_i1 w.r.t. z_i2"),
    pytest.param(lambda s: s.d(s.z[s.k], s.z[s.k]), id="z_k w.r.t. z_k: the variable rule's"),
    pytest.param(lambda s: s.d(s.z[s.i, s.k], s.z[s.i, s.k]), id="z_ik w.r.t. z_ik"),
    pytest.param(lambda s: s.d(s.S[s.j], s.z[s.k]), id="another IndexedBase"),
    pytest.param(lambda s: s.d(s.z[s.j], s.z[s.i, s.k]), id="different number of indices"),
    pytest.param(lambda s: s.d(s.x, s.z[s.k]), id="a plain symbol"),
    pytest.param(lambda s: s.d(s.z[s.k], s.x), id="w.r.t. a plain symbol"),
    pytest.param(lambda s: s.d(s.z[s.j], (s.z[s.k], 2)), id="second derivative"),
    pytest.param(lambda s: s.z[s.j], id="no derivative"),
])
def test_indexed_variable_rule_does_not_apply(sym, build):
    assert indexed_variable_rule.apply(build(sym), sym.empty) is None


def test_indexed_variable_rule_explanation_fills(sym):
    rewrite = indexed_variable_rule.apply(sym.d(sym.z[sym.i, sym.l], sym.z[sym.i, sym.k]), sym.empty)
    text = indexed_variable_rule.explanation.format(**{k: str(v) for k, v in rewrite.bindings.items()})
    assert "KroneckerDelta" in text and "z[i, l]" in text
