"""sum of a constant: sum_{m=1}^{N} c = N c"""

import pytest
from sympy import IndexedBase, Sum, Symbol

from derive.rules import Context
from derive.rules.sums.sum_of_constant import sum_of_constant_rule

k, l, m = (Symbol(letter, integer=True) for letter in "klm")
N = Symbol("N", integer=True, positive=True)
x, mu = IndexedBase("x"), Symbol("mu")


@pytest.mark.parametrize("node, after", [
    pytest.param(Sum(mu, (m, 1, N)), N * mu, id="from 1 to N"),
    pytest.param(Sum(Sum(x[l], (l, 1, N)) / N**2, (m, 1, N)), Sum(x[l], (l, 1, N)) / N, id="a sum over another index"),
    pytest.param(Sum(x[k], (m, 2, N)), (N - 1) * x[k], id="from 2 to N"),
])
def test_sum_of_constant_adds_it_that_many_times(node, after, justifies):
    rewrite = sum_of_constant_rule.apply(node, Context())
    assert rewrite is not None and rewrite.after == after
    justifies(sum_of_constant_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param(Sum(x[m], (m, 1, N)), id="the summand changes with the index"),
    pytest.param(Sum(mu * x[m] ** 2, (m, 1, N)), id="a factor changes with the index"),
])
def test_sum_of_constant_does_not_apply_where_the_summand_changes(node):
    assert sum_of_constant_rule.apply(node, Context()) is None
