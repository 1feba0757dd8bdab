"""use an assumption: an assumed equation's left side is replaced by its right side"""

import pytest
from sympy import Eq, Sum, exp

from derive.rules import Definition
from derive.rules.cases.use_assumption import Assumption, use_assumption


@pytest.fixture
def one_hot(sym):
    y = sym.S  # any indexed base: the rule looks at shapes only
    witness = Definition(y[sym.j], exp(sym.z[sym.j]) / Sum(exp(sym.z[sym.m]), (sym.m, 1, sym.L)), sym.j)
    return Assumption(Eq(Sum(y[sym.j], (sym.j, 1, sym.L)), 1), "y is one-hot", witness)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(s.S[s.j], (s.j, 1, s.L)), id="the left side itself"),
    pytest.param(lambda s: Sum(s.S[s.l], (s.l, 1, s.L)), id="another summation index"),
])
def test_use_assumption_rewrites(sym, one_hot, build, justifies):
    rule = use_assumption(one_hot)
    node = build(sym)
    rewrite = rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == 1
    assert rewrite.bindings == {"lhs": node, "rhs": 1, "statement": one_hot.statement}
    sentence = justifies(rule, rewrite, node)
    assert sentence.startswith("we assumed") and "(y is one-hot)" in sentence


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(s.S[s.j], (s.j, 1, s.L - 1)), id="another range"),
    pytest.param(lambda s: Sum(s.S[s.j] * s.S[s.j], (s.j, 1, s.L)), id="another summand"),
    pytest.param(lambda s: Sum(s.S[s.j], (s.l, 1, s.L)), id="L S_j: renaming l to j would capture the free j"),
    pytest.param(lambda s: Sum(s.z[s.j], (s.j, 1, s.L)), id="another base"),
    pytest.param(lambda s: s.S[s.j], id="not a sum"),
])
def test_use_assumption_does_not_apply(sym, one_hot, build):
    assert use_assumption(one_hot).apply(build(sym), sym.empty) is None


def test_use_assumption_braces_in_the_meaning_stay_text(sym):
    rule = use_assumption(Assumption(Eq(sym.x, 1), "x in {1}"))
    rewrite = rule.apply(sym.x, sym.empty)
    assert rule.justify(rewrite.bindings, str) == "we assumed Eq(x, 1) (x in {1}), so x is replaced by 1"
