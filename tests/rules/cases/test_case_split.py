"""case split: an expression with delta_{jk} is split into j = k (delta = 1) and j != k (delta = 0)"""

import pytest
from sympy import Eq, KroneckerDelta, Ne, Sum, exp

import derive
from derive.engine.run import Search, replace_at
from derive.rules import Context
from derive.rules.cases.case_split import case_split


def split(expr, context=Context()):
    """Where the engine splits ``expr``: (the delta, the whole expression under each branch)."""
    found = Search([case_split], context).first(expr)
    if found is None:
        return None
    _, path, node, rewrite = found
    return node, rewrite, [(b.relation, replace_at(expr, path, b.after)) for b in rewrite.branches]


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (KroneckerDelta(s.j, s.k) * s.x + s.y, s.j, s.k, s.x + s.y, s.y), id="x delta + y"),
    pytest.param(lambda s: (KroneckerDelta(s.j, s.k), s.j, s.k, 1, 0), id="delta alone"),
    pytest.param(lambda s: ((exp(s.z[s.i, s.j]) * KroneckerDelta(s.j, s.k) * s.denominator
                             - exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k])) / s.denominator**2, s.j, s.k,
                            (exp(s.z[s.i, s.j]) * s.denominator - exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k]))
                            / s.denominator**2,
                            -exp(s.z[s.i, s.j]) * exp(s.z[s.i, s.k]) / s.denominator**2),
                 id="softmax after the calculus: the sum's own l is not touched"),
    pytest.param(lambda s: (Sum(KroneckerDelta(s.j, s.k) * s.z[s.l], (s.l, 1, s.L)), s.j, s.k,
                            Sum(s.z[s.l], (s.l, 1, s.L)), Sum(0, (s.l, 1, s.L))),
                 id="a delta of free indices inside a sum"),
])
def test_case_split_branches(sym, build, justifies):
    expr, a, b, when_equal, when_different = build(sym)
    delta, rewrite, ((equal, after_equal), (different, after_different)) = split(expr)
    assert delta == KroneckerDelta(a, b)
    assert rewrite.after is None
    assert equal == Eq(a, b) and different == Ne(a, b)
    assert after_equal == when_equal
    assert after_different == when_different
    assert rewrite.bindings == {"delta": KroneckerDelta(a, b), "a": a, "b": b}
    justifies(case_split, rewrite, delta)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(KroneckerDelta(s.k, s.l) * exp(s.z[s.l]), (s.l, 1, s.L)),
                 id="index bound by the Sum"),
    pytest.param(lambda s: s.x + Sum(KroneckerDelta(s.l, s.k) + 1, (s.l, 1, s.L)),
                 id="bound index, delta not a factor"),
    pytest.param(lambda s: KroneckerDelta(s.j, 1) * s.x, id="a concrete index"),
    pytest.param(lambda s: s.x + s.y, id="no delta"),
])
def test_case_split_does_not_apply(sym, build):
    assert split(build(sym)) is None


def test_case_split_does_not_split_again_on_a_delta_the_case_decides(sym):
    delta = KroneckerDelta(sym.j, sym.k)
    assert case_split.apply(delta, Context(case=Eq(sym.j, sym.k))) is None
    assert case_split.apply(delta, Context(case=Ne(sym.j, sym.k))) is None
    assert case_split.apply(KroneckerDelta(sym.j, sym.l), Context(case=Eq(sym.j, sym.k))) is not None


def test_case_split_never_splits_on_a_summation_index_in_a_derivation(sym):
    """d/dz_k sum_l (e^{z_l} + z_l): the deltas delta_{kl} live inside the sum, over its dummy l.

    No case of the derivation may be 'k = l' or 'k != l' with l the summation index: the
    engine walks into the Sum's body, where the rule no longer sees the Sum binding l.
    """
    z, k, l, L = sym.z, sym.k, sym.l, sym.L
    derivation = derive.differentiate(Sum(exp(z[l]) + z[l], (l, 1, L)), z[k], check=False)
    for step in derivation.all_steps():
        if step.case is not None:
            assert l not in step.case.free_symbols, (step.rule.name, step.case)
    for case in derivation.cases:
        assert l not in case.relation.free_symbols, case.relation
