"""kronecker delta in a case: the case in force fixes the delta to 1 or 0"""

import pytest
from sympy import And, Eq, KroneckerDelta, Ne, S

from derive.rules import Context
from derive.rules.cases.kronecker_in_case import kronecker_in_case_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (KroneckerDelta(s.j, s.k), Eq(s.j, s.k), S.One), id="j = k"),
    pytest.param(lambda s: (KroneckerDelta(s.k, s.j), Ne(s.j, s.k), S.Zero), id="j != k, delta written k j"),
    pytest.param(lambda s: (KroneckerDelta(s.j, s.k), And(Ne(s.j, s.k), Eq(s.k, s.l)), S.Zero),
                 id="a part of a nested case"),
])
def test_kronecker_in_case_settles_the_delta(sym, build, justifies):
    delta, case, value = build(sym)
    rewrite = kronecker_in_case_rule.apply(delta, Context(case=case))
    assert rewrite.after == value
    assert rewrite.bindings["case"] == case
    justifies(kronecker_in_case_rule, rewrite, delta)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (KroneckerDelta(s.j, s.k), None), id="no case in force"),
    pytest.param(lambda s: (KroneckerDelta(s.j, s.l), Eq(s.j, s.k)), id="a case about other indices"),
    pytest.param(lambda s: (s.x, Eq(s.j, s.k)), id="not a delta"),
])
def test_kronecker_in_case_does_not_apply(sym, build):
    node, case = build(sym)
    assert kronecker_in_case_rule.apply(node, Context(case=case)) is None
