"""take out a common denominator: a/v - b/v = (a - b)/v"""

import pytest
from sympy import IndexedBase, Mul, Sum, Symbol, sqrt

from derive.rules import Context
from derive.rules.algebra.common_denominator import common_denominator_rule

e, l, n = (Symbol(letter, integer=True) for letter in "eln")
d, L, N = Symbol("d", positive=True), Symbol("L", integer=True), Symbol("N")
a, K = IndexedBase("a"), IndexedBase("K")
TOTAL = Sum(a[n] * K[n, e], (n, 1, L))


def test_common_denominator_writes_the_division_once(justifies):
    node = K[l, e] / sqrt(d) - TOTAL / sqrt(d)
    rewrite = common_denominator_rule.apply(node, Context())
    assert rewrite is not None
    assert rewrite.after == Mul(K[l, e] - TOTAL, 1 / sqrt(d), evaluate=False) or \
        rewrite.after == (K[l, e] - TOTAL) / sqrt(d)
    justifies(common_denominator_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param(1 / N - K[l, e] / N**2, id="different powers"),
    pytest.param(1 - K[l, e] / N, id="a term with no denominator"),
    pytest.param(K[l, e] / d - TOTAL / N, id="different denominators"),
])
def test_common_denominator_does_not_apply_without_one_denominator_in_every_term(node):
    assert common_denominator_rule.apply(node, Context()) is None
