"""piecewise rule: a piecewise function is differentiated piece by piece, each on its open region"""

import pytest
from sympy import And, Eq, Gt, Lt, Or, Piecewise, exp, sin

import derive
from derive.rules import Context
from derive.rules.cases.piecewise_rule import piecewise_rule


def regions(rewrite):
    return [(branch.relation, branch.after) for branch in rewrite.branches]


def test_elu_splits_into_the_open_regions(sym, justifies):
    x, y, d = sym.x, sym.y, sym.d
    f = Piecewise((x, x > 0), (y * (exp(x) - 1), True))
    node = d(f, x)
    rewrite = piecewise_rule.apply(node, sym.empty)
    assert regions(rewrite) == [(Gt(x, 0), d(x, x)), (Lt(x, 0), d(y * (exp(x) - 1), x))]  # x <= 0 made open
    assert rewrite.bindings["meets"] == Eq(x, 0)
    justifies(piecewise_rule, rewrite, node)


def test_later_pieces_hold_only_where_earlier_conditions_do_not(sym):
    x, d = sym.x, sym.d
    f = Piecewise((0, x < -1), (x**2, x <= 1), (2 * x, True))
    rewrite = piecewise_rule.apply(d(f, x), sym.empty)
    assert regions(rewrite) == [(Lt(x, -1), d(0, x)), (And(Lt(x, 1), Gt(x, -1)), d(x**2, x)),
                                (And(Gt(x, -1), Gt(x, 1)), d(2 * x, x))]
    assert rewrite.bindings["meets"] == Or(Eq(x, -1), Eq(x, 1))


def test_a_piece_on_a_single_point_has_no_case(sym):
    x, d = sym.x, sym.d
    rewrite = piecewise_rule.apply(d(Piecewise((1, Eq(x, 0)), (sin(x) / x, True)), x), sym.empty)
    assert [relation for relation, _ in regions(rewrite)] == [Or(Lt(x, 0), Gt(x, 0))]


@pytest.mark.parametrize("build, case", [
    pytest.param(lambda s: s.d(Piecewise((s.y, s.y > 0), (0, True)), s.x), None, id="does not depend on x"),
    pytest.param(lambda s: Piecewise((s.x, s.x > 0), (0, True)), None, id="no derivative"),
    pytest.param(lambda s: s.d(exp(s.x), s.x), None, id="not piecewise"),
    pytest.param(lambda s: s.d(Piecewise((s.x, s.x > 0), (0, True)), s.x), lambda s: s.x < 0,
                 id="the case settles the piece"),
])
def test_piecewise_rule_does_not_apply(sym, build, case):
    context = Context(case=case(sym)) if case else sym.empty
    assert piecewise_rule.apply(build(sym), context) is None


def test_leaky_relu_is_proven(sym):
    x, y = sym.x, sym.y
    derivation = derive.differentiate(Piecewise((x, x > 0), (y * x, True)), x)
    assert derivation.verified
    assert {case.relation: case.result for case in derivation.cases} == {Gt(x, 0): 1, Lt(x, 0): y}
