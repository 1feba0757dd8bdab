"""piece in a case: under a case that settles the piece, max, min or piecewise is that piece"""

import pytest
from sympy import And, Eq, Gt, Lt, Max, Min, Piecewise

from derive.rules import Context
from derive.rules.cases.piece_in_case import piece_in_case_rule


@pytest.mark.parametrize("build, case, piece", [
    pytest.param(lambda s: Max(0, s.x), lambda s: Gt(s.x, 0), lambda s: s.x, id="relu for x > 0"),
    pytest.param(lambda s: Max(0, s.x), lambda s: Lt(s.x, 0), lambda s: 0, id="relu for x < 0"),
    pytest.param(lambda s: Min(s.x, s.y), lambda s: And(Eq(s.j, s.k), Gt(s.x, s.y)), lambda s: s.y,
                 id="min, the case with an index relation too"),
    pytest.param(lambda s: Piecewise((s.x, s.x > 0), (s.y * s.x, True)), lambda s: Lt(s.x, 0),
                 lambda s: s.y * s.x, id="piecewise, the last piece"),
])
def test_the_piece_in_force(sym, build, case, piece, justifies):
    node = build(sym)
    rewrite = piece_in_case_rule.apply(node, Context(case=case(sym)))
    assert rewrite.after == piece(sym)
    assert justifies(piece_in_case_rule, rewrite, node).startswith("in the case")


@pytest.mark.parametrize("build, case", [
    pytest.param(lambda s: Max(0, s.x), None, id="no case"),
    pytest.param(lambda s: Max(0, s.x), lambda s: Eq(s.j, s.k), id="a case about indices only"),
    pytest.param(lambda s: Max(0, s.x), lambda s: Gt(s.y, 0), id="a case about another input"),
    pytest.param(lambda s: Max(0, s.x, s.y), lambda s: Gt(s.x, 0), id="x > 0 does not say x > y"),
    pytest.param(lambda s: s.x + 1, lambda s: Gt(s.x, 0), id="nothing piecewise"),
])
def test_piece_in_case_does_not_apply(sym, build, case):
    context = Context(case=case(sym)) if case else sym.empty
    assert piece_in_case_rule.apply(build(sym), context) is None
