"""multiply out: a (b + c) + d = a b + a c + d, only when like terms cancel"""

import pytest
from sympy import Symbol, UnevaluatedExpr

from derive.rules.algebra.multiply_out import multiply_out_rule

sigma = Symbol("sigma")


@pytest.mark.parametrize("build, expected", [
    pytest.param(lambda s: -s.y * (1 - sigma) + (1 - s.y) * sigma, lambda s: sigma - s.y,
                 id="the binary cross-entropy: y sigma cancels"),
    pytest.param(lambda s: s.x * (s.x + 1) - s.x**2, lambda s: s.x, id="x(x + 1) - x^2"),
    pytest.param(lambda s: 3 * s.x**2 + 2 * s.x * (1 - s.x), lambda s: s.x**2 + 2 * s.x, id="like terms combine"),
])
def test_multiply_out_rewrites(sym, build, expected, rewrites):
    rewrites(multiply_out_rule, build(sym), expected(sym), {sym.x: 0.3, sym.y: 1.7, sigma: 0.4})


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.x * (s.x + 1) + 1, id="nothing cancels: the bracket stays"),
    pytest.param(lambda s: (s.x + 1) * (s.x + 2) - s.x**2, id="two brackets in a term: not multiplied out"),
    pytest.param(lambda s: s.x * (s.x + 1), id="a product, not a sum"),
    pytest.param(lambda s: s.x * UnevaluatedExpr(s.x + 1) - s.x**2, id="a bracket held on purpose stays"),
])
def test_multiply_out_does_not_apply(sym, build):
    assert multiply_out_rule.apply(build(sym), sym.empty) is None
