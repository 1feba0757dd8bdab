"""one letter for one sum: sum_m x_m - sum_l x_l, written with one letter, is 0"""

import pytest
from sympy import Add, IndexedBase, Mul, Sum, Symbol

from derive.rules import Context
from derive.rules.sums.same_sum import same_sum_rule

k, l, m = (Symbol(letter, integer=True) for letter in "klm")
N = Symbol("N", integer=True, positive=True)
x, y = IndexedBase("x"), IndexedBase("y")


def test_same_sum_writes_the_later_sum_with_the_earlier_letter_and_they_cancel(justifies):
    node = Add(x[k], Mul(-1, Sum(x[m], (m, 1, N)), evaluate=False), Sum(x[l], (l, 1, N)), evaluate=False)
    rewrite = same_sum_rule.apply(node, Context())
    assert rewrite is not None
    assert rewrite.after == x[k]
    justifies(same_sum_rule, rewrite, node)


def test_same_sum_gives_equal_sums_one_letter():
    node = Sum(x[m] ** 2, (m, 1, N)) / N + 2 * Sum(x[l] ** 2, (l, 1, N))
    rewrite = same_sum_rule.apply(node, Context())
    assert rewrite.after.atoms(Sum) == {Sum(x[l] ** 2, (l, 1, N))}, "one letter for both"


@pytest.mark.parametrize("node", [
    pytest.param(Sum(x[m], (m, 1, N)) - Sum(y[l], (l, 1, N)), id="different summands"),
    pytest.param(Sum(x[m], (m, 1, N)) - Sum(x[l], (l, 2, N)), id="different ranges"),
    pytest.param(Sum(x[m], (m, 1, N)) + x[k], id="one sum"),
    pytest.param(x[k] + (Sum(x[m], (m, 1, N)) + 1) ** 2 + Sum(x[l], (l, 1, N)), id="a sum inside a power"),
])
def test_same_sum_does_not_apply_without_two_sums_of_one_summand(node):
    assert same_sum_rule.apply(node, Context()) is None
