"""product rule: d/dx (f g) = df/dx g + f dg/dx (and likewise for more factors)"""

import pytest
from sympy import Add, Mul, exp

from derive.rules.calculus.product_rule import product_rule


def _expected(d, f, x):
    items = list(Mul.make_args(f))
    return Add(*[Mul(*items[:n], d(item, x), *items[n + 1:]) for n, item in enumerate(items)])


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.x * exp(s.x), s.x,
                            s.d(s.x, s.x) * exp(s.x) + s.x * s.d(exp(s.x), s.x)), id="x e^x"),
    pytest.param(lambda s: (s.x * exp(s.x) * (s.x + 1), s.x, None), id="three varying factors"),
    pytest.param(lambda s: (s.y * s.x * exp(s.x), s.x, None), id="a constant factor is differentiated too"),
    pytest.param(lambda s: (exp(s.z[s.i, s.j]) * s.z[s.i, s.l], s.z[s.i, s.k],
                            s.d(exp(s.z[s.i, s.j]), s.z[s.i, s.k]) * s.z[s.i, s.l]
                            + exp(s.z[s.i, s.j]) * s.d(s.z[s.i, s.l], s.z[s.i, s.k])), id="indexed"),
])
def test_product_rule_rewrites(sym, build, justifies):
    f, x, literal = build(sym)
    node = sym.d(f, x)
    rewrite = product_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == _expected(sym.d, f, x)
    if literal is not None:
        assert rewrite.after == literal
    assert len(rewrite.after.args) == len(Mul.make_args(f))
    assert rewrite.bindings["f"] == f and rewrite.bindings["x"] == x
    justifies(product_rule, rewrite, node)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.y * exp(s.x), s.x), id="one varying factor: constant factor rule's"),
    pytest.param(lambda s: s.d(exp(s.z[s.i, 1]) * exp(s.z[s.i, s.j]), s.z[s.i, 2]),
                 id="z[i,1] cannot be z[i,2]: only one factor varies"),
    pytest.param(lambda s: s.d(s.x + exp(s.x), s.x), id="sum"),
    pytest.param(lambda s: s.x * exp(s.x), id="no derivative"),
])
def test_product_rule_does_not_apply(sym, build):
    assert product_rule.apply(build(sym), sym.empty) is None
