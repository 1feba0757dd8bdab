"""merge the cases: a for j = k and b for j != k is b + delta_{jk} (a - b)"""

import pytest
from sympy import Eq, KroneckerDelta, Ne, Piecewise, UnevaluatedExpr, expand

from derive.rules.cases.merge_cases import merge_cases_rule


def cases(a, equal, b, different):
    return Piecewise((a, equal), (b, different), evaluate=False)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: ((1 - s.S[s.i, s.k]) * s.S[s.i, s.j], -s.S[s.i, s.j] * s.S[s.i, s.k],
                            s.S[s.i, s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.i, s.k])), id="softmax"),
    pytest.param(lambda s: (s.x, s.y, None), id="x or y"),
    pytest.param(lambda s: (1, 0, KroneckerDelta(s.j, s.k)), id="1 or 0 is the delta itself"),
])
def test_merge_cases_rewrites(sym, build, justifies):
    a, b, expected = build(sym)
    j, k = sym.j, sym.k
    node = cases(a, Eq(j, k), b, Ne(j, k))
    rewrite = merge_cases_rule.apply(node, sym.empty)
    assert rewrite is not None
    delta = KroneckerDelta(j, k)
    assert expand(rewrite.after - (b + delta * (a - b))) == 0
    if expected is not None:
        assert rewrite.after == expected
    assert rewrite.after.subs(delta, 1) .equals(a) and rewrite.after.subs(delta, 0).equals(b)
    assert rewrite.bindings == {"a": a, "b": b, "delta": delta, "equal": Eq(j, k), "different": Ne(j, k)}
    justifies(merge_cases_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: cases(s.x, Eq(s.j, s.k), s.y, Ne(s.j, s.m)), id="relations about different indices"),
    pytest.param(lambda s: cases(s.x, Ne(s.j, s.k), s.y, Eq(s.j, s.k)), id="cases in the other order"),
    pytest.param(lambda s: Piecewise((s.x, Eq(s.j, s.k)), (s.y, Ne(s.j, s.k)), (s.w, True), evaluate=False),
                 id="three pieces"),
    pytest.param(lambda s: cases(UnevaluatedExpr(s.x + 1), Eq(s.j, s.k), s.y, Ne(s.j, s.k)),
                 id="a held part is not finished"),
    pytest.param(lambda s: s.x + KroneckerDelta(s.j, s.k), id="not a Piecewise"),
])
def test_merge_cases_does_not_apply(sym, build):
    assert merge_cases_rule.apply(build(sym), sym.empty) is None
