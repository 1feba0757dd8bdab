"""kronecker delta collapse: sum_{l=a}^{b} delta_{lk} f(l) = f(k), for a <= k <= b"""

import pytest
from sympy import Integer, KroneckerDelta, S, Sum, exp
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from derive.rules.forms import hold
from derive.rules.sums.kronecker_collapse import collapse_kronecker_sum_rule


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: (Sum(exp(s.z[s.i, s.l]) * KroneckerDelta(s.k, s.l), (s.l, 1, s.L)),
                            exp(s.z[s.i, s.k]), s.k), id="softmax: sum_l e^{z_il} delta_kl"),
    pytest.param(lambda s: (Sum(KroneckerDelta(s.l, s.k) * exp(s.z[s.i, s.l]), (s.l, 1, s.L)),
                            exp(s.z[s.i, s.k]), s.k), id="delta_lk, either order"),
    pytest.param(lambda s: (Sum(KroneckerDelta(s.k, s.l), (s.l, 1, s.L)), S.One, s.k), id="delta alone"),
    pytest.param(lambda s: (Sum(s.x * s.z[s.l] * s.z[s.l] * KroneckerDelta(s.l, s.j), (s.l, 1, s.L)),
                            s.x * s.z[s.j]**2, s.j), id="several factors of l"),
    pytest.param(lambda s: (Sum(s.z[s.l] * KroneckerDelta(s.l, s.j + 1), (s.l, 1, s.L)),
                            s.z[s.j + 1], s.j + 1), id="other index is an expression free of l"),
    pytest.param(lambda s: (Sum(s.z[s.l] * hold(KroneckerDelta(s.l, s.j) * s.x), (s.l, 1, s.L)), s.x * s.z[s.j], s.j),
                 id="the delta in a product in brackets (held)"),
])
def test_kronecker_collapse_rewrites(sym, build, justifies):
    node, expected, m = build(sym)
    rewrite = collapse_kronecker_sum_rule.apply(node, sym.empty)
    assert rewrite is not None
    assert rewrite.after == expected
    assert rewrite.bindings["sum"] == node
    assert rewrite.bindings["l"] == sym.l
    assert rewrite.bindings["m"] == m
    assert rewrite.bindings["term"] == expected
    sentence = justifies(collapse_kronecker_sum_rule, rewrite, node)
    assert "<=" in sentence  # the range is stated in the justification


def test_kronecker_collapse_states_the_range(sym):
    """The bindings carry 1 <= k <= L: true exactly for the k inside the sum's range."""
    node = Sum(exp(sym.z[sym.i, sym.l]) * KroneckerDelta(sym.k, sym.l), (sym.l, 1, sym.L))
    stated = collapse_kronecker_sum_rule.apply(node, sym.empty).bindings["range"]
    assert stated.free_symbols == {sym.k, sym.L}

    def at(k, L):
        return stated.subs({sym.k: Integer(k), sym.L: Integer(L)})

    assert isinstance(at(1, 3), BooleanTrue) and isinstance(at(3, 3), BooleanTrue)
    assert isinstance(at(0, 3), BooleanFalse) and isinstance(at(4, 3), BooleanFalse)


@pytest.mark.parametrize("build", [
    pytest.param(lambda s: Sum(exp(s.z[s.i, s.l]) * KroneckerDelta(s.j, s.k), (s.l, 1, s.L)),
                 id="delta does not involve the summation index"),
    pytest.param(lambda s: Sum(exp(s.z[s.i, s.l]), (s.l, 1, s.L)), id="no delta"),
    pytest.param(lambda s: Sum(exp(s.z[s.l]) * KroneckerDelta(s.l, s.l**2), (s.l, 1, s.L)),
                 id="the delta's other index depends on l"),
    pytest.param(lambda s: Sum(KroneckerDelta(s.k, s.l) + exp(s.z[s.l]), (s.l, 1, s.L)),
                 id="delta in a sum of terms, not a factor"),
    pytest.param(lambda s: Sum(s.z[s.l, s.m] * KroneckerDelta(s.l, s.k), (s.l, 1, s.L), (s.m, 1, s.L)),
                 id="double sum"),
    pytest.param(lambda s: exp(s.z[s.k]) * KroneckerDelta(s.k, s.l), id="not a Sum"),
    pytest.param(lambda s: Sum(s.z[s.l] * hold(KroneckerDelta(s.l, s.j) + s.x), (s.l, 1, s.L)),
                 id="delta in brackets with another term, not a factor"),
])
def test_kronecker_collapse_does_not_apply(sym, build):
    assert collapse_kronecker_sum_rule.apply(build(sym), sym.empty) is None


def test_kronecker_collapse_never_picks_a_term_outside_the_range(sym):
    """sum_{l=1}^{3} delta_{l5} z_l is 0: the term l = 5 is not in the sum.

    The rule's law holds only for 1 <= k <= L; when that is decidably false it must not
    collapse to z_5 (it may decline, or give 0).
    """
    node = Sum(sym.z[sym.l] * KroneckerDelta(sym.l, 5), (sym.l, 1, 3))
    rewrite = collapse_kronecker_sum_rule.apply(node, sym.empty)
    assert rewrite is None or rewrite.after == 0, rewrite
