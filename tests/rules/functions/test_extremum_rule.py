"""maximum and minimum rule: max and min are differentiated piece by piece, a case per region"""

import pytest
from sympy import And, Derivative, Eq, Ge, Gt, Heaviside, Lt, Max, Min, Or, acosh, log, sin

import derive
from derive.rules import Context
from derive.rules.functions.extremum_rule import extremum_rule


def regions(rewrite):
    return [(branch.relation, branch.after) for branch in rewrite.branches]


def test_relu_splits_at_the_kink(sym, justifies):
    x, d = sym.x, sym.d
    node = d(Max(0, x), x)
    rewrite = extremum_rule.apply(node, sym.empty)
    assert rewrite.after is None
    assert regions(rewrite) == [(Lt(x, 0), d(0, x)), (Gt(x, 0), d(x, x))]  # the varying side first
    assert rewrite.bindings["meets"] == Eq(x, 0)
    sentence = justifies(extremum_rule, rewrite, node)
    assert "largest" in sentence and "where Eq(x, 0) the pieces meet" in sentence


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: Min(s.x, s.y), lambda s: [(Gt(s.y, s.x), s.d(s.x, s.x)), (Gt(s.x, s.y), s.d(s.y, s.x))],
                 id="min(x, y): the smallest"),
    pytest.param(lambda s: Max(0, s.x, s.y),
                 lambda s: [(And(Lt(s.x, 0), Lt(s.y, 0)), s.d(0, s.x)), (And(Gt(s.x, 0), Gt(s.x, s.y)), s.d(s.x, s.x)),
                            (And(Gt(s.y, 0), Gt(s.y, s.x)), s.d(s.y, s.x))], id="three arguments"),
    pytest.param(lambda s: Max(sin(s.x), s.y), lambda s: [(Gt(sin(s.x), s.y), s.d(sin(s.x), s.x)),
                                                          (Gt(s.y, sin(s.x)), s.d(s.y, s.x))], id="max(sin x, y)"),
])
def test_each_argument_gets_the_region_where_it_wins(sym, build, expected, justifies):
    node = sym.d(build(sym), sym.x)
    rewrite = extremum_rule.apply(node, sym.empty)
    assert dict(regions(rewrite)) == dict(expected(sym))
    justifies(extremum_rule, rewrite, node)


def test_the_meeting_points_are_named(sym):
    rewrite = extremum_rule.apply(sym.d(Max(0, sym.x, sym.y), sym.x), sym.empty)
    assert rewrite.bindings["meets"] == Or(Eq(sym.x, 0), Eq(sym.y, 0), Eq(sym.x, sym.y))


def test_a_region_the_case_rules_out_is_left_out(sym):
    x, y = sym.x, sym.y
    rewrite = extremum_rule.apply(sym.d(Max(0, x, y), x), Context(case=Lt(x, 0)))
    assert [relation for relation, _ in regions(rewrite)] == [And(Lt(x, 0), Lt(y, 0)), And(Gt(y, 0), Gt(y, x))]


@pytest.mark.parametrize("build, case", [
    pytest.param(lambda s: s.d(Max(0, s.y), s.x), None, id="max(0, y) does not depend on x"),
    pytest.param(lambda s: Max(0, s.x), None, id="no derivative"),
    pytest.param(lambda s: s.d(Max(0, s.x), (s.x, 2)), None, id="a second derivative"),
    pytest.param(lambda s: s.d(sin(s.x), s.x), None, id="another function"),
    pytest.param(lambda s: s.d(Max(0, s.x), s.x), lambda s: Gt(s.x, 0), id="the case settles the piece"),
])
def test_extremum_rule_does_not_apply(sym, build, case):
    context = Context(case=case(sym)) if case else sym.empty
    assert extremum_rule.apply(build(sym), context) is None


def test_relu_derivation_is_proven_in_both_regions(sym):
    derivation = derive.differentiate(sym.x * Max(0, sym.x), sym.x)
    assert derivation.verified
    assert {case.relation: case.result for case in derivation.cases} == {Lt(sym.x, 0): 0, Gt(sym.x, 0): 2 * sym.x}
    assert "piece in a case" in [step.rule.name for step in derivation.all_steps()]


def test_a_region_away_from_the_sample_range_is_still_checked(sym):
    """max(2, x): the region x > 2 lies outside the usual draws in [-2, 2]; points are found there."""
    derivation = derive.differentiate(Max(2, sym.x), sym.x)
    assert derivation.verified
    against = derivation.verification.result[-1]
    assert against.subject == "result against sympy.diff" and against.passed and against.points > 1000
    in_region = [check for check in derivation.verification.steps if check.region == (sym.x > 2)]
    assert in_region and all(check.points > 500 for check in in_region)
    assert isinstance(derivation.cases[1].steps[0].before, Derivative)


def test_a_region_that_holds_nowhere_gets_no_case(sym):
    """1/x^2 > -1 everywhere, so max(-1, 1/x^2) is 1/x^2: only its region is left."""
    x, d = sym.x, sym.d
    rewrite = extremum_rule.apply(d(Max(-1, x**-2), x), sym.empty)
    assert regions(rewrite) == [(Gt(x**-2, -1), d(x**-2, x))]


def test_it_does_not_apply_when_no_region_is_left(sym):
    """The second argument divides by log(Heaviside(...)^-3) = log(1) = 0 wherever it is real, so
    neither "1 is the smaller" nor "it is the smaller" holds anywhere: the rule gives way rather
    than make a split with no case (the derivation then stops: no rule covers it)."""
    x, d = sym.x, sym.d
    undefined = log(acosh(x)) / log(Heaviside(acosh(x)**-3)**-3)
    assert extremum_rule.apply(d(Min(1, undefined), x), sym.empty) is None
    with pytest.raises(derive.NoRuleApplies):
        derive.differentiate(Min(1, undefined), x)


def test_where_two_pieces_agree_on_an_interval_that_interval_is_a_case(sym):
    """x = |x| on the whole half-line x >= 0: there max(x, |x|) is x, a case of its own, not a kink."""
    x, d = sym.x, sym.d
    rewrite = extremum_rule.apply(d(Max(x, abs(x)), x), sym.empty)
    assert regions(rewrite) == [(Ge(x, abs(x)), d(x, x)), (Gt(abs(x), x), d(abs(x), x))]
    sentence = extremum_rule.justify(rewrite.bindings, str)
    assert "kink" not in sentence and "False" not in sentence  # the pieces meet at no kink: nothing said of one
    assert "where x = 0 the pieces meet at a kink" in extremum_rule.justify(
        extremum_rule.apply(d(Max(0, x), x), sym.empty).bindings, lambda e: str(e).replace("Eq(x, 0)", "x = 0"))
    assert derive.differentiate(Max(x, abs(x)), x).verified
