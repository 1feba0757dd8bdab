"""sum of derivatives: d/dx sum_{l=a}^{b} f(l) = sum_{l=a}^{b} df(l)/dx"""

import pytest
from sympy import Indexed, Sum, exp

from derive.rules.calculus.sum_of_derivatives import sum_of_derivatives


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.d(s.denominator, s.z[s.i, s.k]),
                            Sum(s.d(exp(s.z[s.i, s.l]), s.z[s.i, s.k]), (s.l, 1, s.L)),
                            exp(s.z[s.i, s.l]), 1, s.L), id="softmax denominator"),
    pytest.param(lambda s: (s.d(Sum(s.z[s.l] * s.x, (s.l, 2, 7)), s.x),
                            Sum(s.d(s.z[s.l] * s.x, s.x), (s.l, 2, 7)),
                            s.z[s.l] * s.x, 2, 7), id="concrete limits"),
])
def test_sum_of_derivatives_rewrites(sym, build, justifies):
    node, expected, term, a, b = build(sym)
    rewrite = sum_of_derivatives.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings["sum"] == node.expr
    assert rewrite.bindings["term"] == term
    assert rewrite.bindings["l"] == sym.l
    assert (rewrite.bindings["a"], rewrite.bindings["b"]) == (a, b)
    assert rewrite.bindings["x"] == node.variables[0]
    sentence = justifies(sum_of_derivatives, rewrite, node)
    assert str(term) in sentence


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(exp(s.z[s.i, s.l]), s.z[s.i, s.k]), id="no Sum"),
    pytest.param(lambda s: s.d(s.x + s.y, s.x), id="an Add is the sum rule's"),
    pytest.param(lambda s: s.denominator, id="a Sum but no derivative"),
    pytest.param(lambda s: s.d(Sum(s.z[s.l, s.m], (s.l, 1, s.L), (s.m, 1, s.L)), s.z[s.j, s.k]),
                 id="double sum"),
])
def test_sum_of_derivatives_does_not_apply(sym, build):
    assert sum_of_derivatives.apply(build(sym), sym.empty) is None


def test_sum_of_derivatives_does_not_capture_the_variables_index(sym):
    """d/dz_l of sum_{l} e^{z_l}: the l of the variable is free, the l of the sum is bound.

    Moving the derivative inside the sum must not let the sum bind the variable's l (that
    turns e^{z_l} into sum_l e^{z_l}). Either the rule renames the dummy or it does not apply.
    """
    node = sym.d(Sum(exp(sym.z[sym.l]), (sym.l, 1, sym.L)), sym.z[sym.l])
    assert _used_free(node, sym.l)
    rewrite = sum_of_derivatives.apply(node, sym.empty)
    assert rewrite is None or _used_free(rewrite.after, sym.l), rewrite.after


def _used_free(expr, index, bound=frozenset()):
    """Whether ``index`` occurs in an indexed symbol outside every Sum that binds it."""
    if isinstance(expr, Indexed):
        return index in expr.indices and index not in bound
    if isinstance(expr, Sum):
        inner = bound | {limit[0] for limit in expr.limits}
        return _used_free(expr.function, index, inner) or any(
            _used_free(part, index, bound) for limit in expr.limits for part in limit[1:])
    return any(_used_free(arg, index, bound) for arg in expr.args)
