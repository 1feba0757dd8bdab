"""variable rule: dx/dx = 1"""

import pytest
from sympy import S

from derive.rules.calculus.variable_rule import variable_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x, id="x"),
    pytest.param(lambda s: s.z[s.k], id="z_k"),
    pytest.param(lambda s: s.z[s.i, s.k], id="z_ik"),
    pytest.param(lambda s: s.z[1], id="z_1"),
])
def test_variable_rule_rewrites_to_one(sym, build, justifies):
    x = build(sym)
    node = sym.d(x, x)
    rewrite = variable_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == S.One
    assert rewrite.bindings == {"x": x}
    justifies(variable_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.y, s.x), id="another symbol"),
    pytest.param(lambda s: s.d(s.z[s.l], s.z[s.k]), id="another index: indexed variable rule's"),
    pytest.param(lambda s: s.d(s.z[1], s.z[2]), id="another concrete input"),
    pytest.param(lambda s: s.d(s.x, (s.x, 2)), id="second derivative"),
    pytest.param(lambda s: s.x, id="no derivative"),
])
def test_variable_rule_does_not_apply(sym, build):
    assert variable_rule.apply(build(sym), sym.empty) is None
