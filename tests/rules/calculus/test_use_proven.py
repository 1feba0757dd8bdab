"""use a proven derivative: d f_m / d x_n is the proven d f_j / d x_k with j, k renamed to m, n"""

from types import SimpleNamespace

import pytest
from sympy import Derivative, KroneckerDelta, Sum, UnevaluatedExpr, exp, log

import derive
from derive.rules.calculus.use_proven import use_proven


@pytest.fixture(scope="module")
def proven():
    return derive.softmax()


@pytest.fixture(scope="module")
def rule(proven):
    return use_proven(proven)


def body(s, index):
    return exp(s.z[s.i, index]) / s.denominator


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (s.j, s.k, s.S[s.i, s.j] * (KroneckerDelta(s.j, s.k) - s.S[s.i, s.k])),
                 id="the proven derivative itself"),
    pytest.param(lambda s: (s.m, s.k, s.S[s.i, s.m] * (KroneckerDelta(s.m, s.k) - s.S[s.i, s.k])),
                 id="output index renamed"),
    pytest.param(lambda s: (s.k, s.j, s.S[s.i, s.k] * (KroneckerDelta(s.k, s.j) - s.S[s.i, s.j])),
                 id="j and k swapped"),
    pytest.param(lambda s: (s.k, s.k, s.S[s.i, s.k] * (1 - s.S[s.i, s.k])), id="the same index twice"),
    pytest.param(lambda s: (2, 3, -s.S[s.i, 2] * s.S[s.i, 3]), id="concrete indices"),
])
def test_use_proven_rewrites(sym, rule, build, justifies):
    m, n, expected = build(sym)
    node = sym.d(body(sym, m), sym.z[sym.i, n])
    rewrite = rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == UnevaluatedExpr(expected)  # in brackets: nothing merges with it silently
    assert rewrite.bindings == {"f": body(sym, m), "x": sym.z[sym.i, n], "result": expected}
    sentence = justifies(rule, rewrite, node)
    assert "proven above (the derivative of softmax)" in sentence


def test_use_proven_renames_the_sample_index_too(sym, rule):
    node = sym.d(exp(sym.z[1, sym.j]) / Sum(exp(sym.z[1, sym.l]), (sym.l, 1, sym.L)), sym.z[1, sym.k])
    rewrite = rule.apply(node, sym.empty)
    assert rewrite.bindings["result"] == sym.S[1, sym.j] * (KroneckerDelta(sym.j, sym.k) - sym.S[1, sym.k])


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: s.d(s.x * body(s, s.j), s.z[s.i, s.k]), id="a product with the softmax"),
    pytest.param(lambda s: s.d(log(body(s, s.j)), s.z[s.i, s.k]), id="another function of it"),
    pytest.param(lambda s: s.d(exp(2 * s.z[s.i, s.j]) / s.denominator, s.z[s.i, s.k]), id="another numerator"),
    pytest.param(lambda s: s.d(exp(s.z[s.i, s.j]) / Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L - 1)), s.z[s.i, s.k]),
                 id="another sum"),
    pytest.param(lambda s: s.d(body(s, s.j), s.S[s.i, s.k]), id="with respect to another variable"),
    pytest.param(lambda s: s.d(body(s, s.j), s.x), id="with respect to a plain symbol"),
    pytest.param(lambda s: s.d(body(s, s.j), s.z[1, s.k]), id="another sample row in the variable"),
    pytest.param(lambda s: Derivative(body(s, s.j), s.z[s.i, s.k], 2, evaluate=False), id="a second derivative"),
    pytest.param(lambda s: body(s, s.j), id="not a derivative"),
])
def test_use_proven_does_not_apply(sym, rule, build):
    assert rule.apply(build(sym), sym.empty) is None


def test_use_proven_refuses_an_unverified_derivation():
    with pytest.raises(ValueError, match="not verified"):
        use_proven(derive.softmax(check=False))


def test_use_proven_never_lets_a_sum_inside_the_result_capture_an_index(sym):
    """A proven result with sum_l inside is not renamed to output l: the sum would capture it."""
    z, i, j, k, l, L = sym.z, sym.i, sym.j, sym.k, sym.l, sym.L
    fake = SimpleNamespace(expression=z[i, j] * Sum(z[i, l], (l, 1, L)), variable=z[i, k], verified=True,
                           unified=KroneckerDelta(j, k) * Sum(z[i, l], (l, 1, L)) + z[i, j], title="A sum")
    rule = use_proven(fake)
    assert rule.apply(sym.d(z[i, sym.m] * Sum(z[i, l], (l, 1, L)), z[i, k]), sym.empty) is not None
    assert rule.apply(sym.d(z[i, l] * Sum(z[i, l], (l, 1, L)), z[i, k]), sym.empty) is None


def test_use_proven_reads_a_function_held_as_one_whole(sym, rule):
    """d (f) / dx with f held in brackets (the backward pass writes g_j (y_j)) is d f / dx."""
    node = sym.d(UnevaluatedExpr(body(sym, sym.j)), sym.z[sym.i, sym.k])
    rewrite = rule.apply(node, sym.empty)
    assert rewrite is not None and rewrite.bindings["f"] == body(sym, sym.j)
    assert rule.apply(sym.d(UnevaluatedExpr(2 * body(sym, sym.j)), sym.z[sym.i, sym.k]), sym.empty) is None


def test_a_lemma_rule_leaves_a_result_of_one_term_unheld_and_holds_one_of_several(sym, proven):
    """``hold_products=False`` (the rule of a lemma): -S_i2 S_i3 merges with the product around it,
    S_ij (delta_jk - S_ik), of two terms, stays in brackets."""
    rule = use_proven(proven, hold_products=False)
    product = rule.apply(sym.d(body(sym, 2), sym.z[sym.i, 3]), sym.empty)
    assert product.after == -sym.S[sym.i, 2] * sym.S[sym.i, 3]
    terms = rule.apply(sym.d(body(sym, sym.j), sym.z[sym.i, sym.k]), sym.empty)
    assert isinstance(terms.after, UnevaluatedExpr)
