"""constant rule: d/dx c = 0 when c does not depend on x (by index reasoning)"""

import pytest
from sympy import Integer, S, Sum, exp

from derive.rules.calculus.constant_rule import constant_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.y), s.x), id="e^y w.r.t. x"),
    pytest.param(lambda s: (Integer(3), s.x), id="number"),
    pytest.param(lambda s: (exp(s.z[1]), s.z[2]), id="e^{z_1} w.r.t. z_2"),
    pytest.param(lambda s: (exp(s.z[s.i, 1]), s.z[s.i, 2]), id="e^{z_{i,1}} w.r.t. z_{i,2}"),
    pytest.param(lambda s: (exp(s.z[1, s.j]), s.z[2, s.k]), id="different sample rows"),
    pytest.param(lambda s: (s.S[s.i, s.j], s.z[s.i, s.k]), id="another IndexedBase"),
    pytest.param(lambda s: (s.z[s.i], s.z[s.i, s.k]), id="different number of indices"),
    pytest.param(lambda s: (Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L)), s.x), id="a sum of other inputs"),
    pytest.param(lambda s: (s.x + s.y * exp(s.w), s.z[s.k]), id="plain symbols w.r.t. an input"),
])
def test_constant_rule_rewrites_to_zero(sym, build, justifies):
    c, x = build(sym)
    node = sym.d(c, x)
    rewrite = constant_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == S.Zero
    assert rewrite.bindings == {"c": c, "x": x}
    justifies(constant_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (exp(s.z[s.i, s.j]), s.z[s.i, s.k]), id="e^{z_ij} w.r.t. z_ik: j may equal k"),
    pytest.param(lambda s: (exp(s.z[s.j]), s.z[s.k]), id="e^{z_j} w.r.t. z_k"),
    pytest.param(lambda s: (exp(s.z[s.j]), s.z[1]), id="j may be 1"),
    pytest.param(lambda s: (s.z[s.i, s.k], s.z[s.i, s.k]), id="the variable itself"),
    pytest.param(lambda s: (Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L)), s.z[s.i, s.k]),
                 id="the softmax denominator contains z_ik"),
    pytest.param(lambda s: (exp(s.x) * s.y, s.x), id="e^x y w.r.t. x"),
    pytest.param(lambda s: (s.x, s.x), id="x w.r.t. x"),
])
def test_constant_rule_does_not_apply_when_it_may_depend(sym, build):
    c, x = build(sym)
    assert constant_rule.apply(sym.d(c, x), sym.empty) is None


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: exp(s.y), id="no derivative"),
    pytest.param(lambda s: s.d(exp(s.y), (s.x, 2)), id="second derivative"),
])
def test_constant_rule_needs_a_first_derivative(sym, build):
    assert constant_rule.apply(build(sym), sym.empty) is None


def test_constant_rule_explanation_fills(sym):
    rewrite = constant_rule.apply(sym.d(exp(sym.z[1]), sym.z[2]), sym.empty)
    text = constant_rule.explanation.format(**{k: str(v) for k, v in rewrite.bindings.items()})
    assert "z[2]" in text and "exp(z[1])" in text


def test_a_named_part_kept_under_the_derivative_is_read_through_its_definition(sym):
    """mu, defined as the mean of the x_l and kept named (its derivative proven as a lemma), holds
    no x, yet varies with x_k: the constant rule leaves d mu/dx_k (and d mu^2/dx_k) alone. A kept
    name whose body does not depend on x_k is still a constant."""
    from sympy import IndexedBase, Symbol

    from derive.rules import Context, Definition

    x, N = IndexedBase("x"), Symbol("N", integer=True, positive=True)
    mu, c = Symbol("mu"), Symbol("c")
    mean, other = Definition(mu, Sum(x[sym.l], (sym.l, 1, N)) / N), Definition(c, exp(sym.y))
    kept = Context((mean, other), kept=frozenset({mu, c}))
    assert constant_rule.apply(sym.d(mu, x[sym.k]), kept) is None
    assert constant_rule.apply(sym.d(mu**2, x[sym.k]), kept) is None
    assert constant_rule.apply(sym.d(c * mu, x[sym.k]), kept) is None
    assert constant_rule.apply(sym.d(c, x[sym.k]), kept).after == S.Zero
