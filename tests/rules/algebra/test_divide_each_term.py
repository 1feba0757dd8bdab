"""divide each term: (n - x_k y_j) / n^2 = 1/n - x_k y_j / n^2"""

import pytest
from sympy import IndexedBase, Symbol, sqrt

from derive.rules import Context
from derive.rules.algebra.divide_each_term import divide_each_term_rule

j, k = (Symbol(letter, integer=True) for letter in "jk")
x, y = IndexedBase("x"), IndexedBase("y")
n, r, N = Symbol("n"), Symbol("r"), Symbol("N")


@pytest.mark.parametrize("node, after", [
    pytest.param((n - x[k] * y[j]) / n**2, 1 / n - x[k] * y[j] / n**2, id="(n - x_k y_j)/n^2"),
    pytest.param((N * r**2 - x[j] * x[k]) / r**3, N / r - x[j] * x[k] / r**3, id="a power in the term"),
    pytest.param((-r / N - x[k] * y[j] / N) / r, -1 / N - x[k] * y[j] / (N * r), id="over the base itself"),
])
def test_divide_each_term_divides_and_cancels(node, after, justifies):
    rewrite = divide_each_term_rule.apply(node, Context())
    assert rewrite is not None and rewrite.after == after
    justifies(divide_each_term_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param((x[j] - x[k]) / n**2, id="no term holds the base"),
    pytest.param((n - x[k]) / sqrt(n), id="a power that is no integer"),
    pytest.param((n - x[k]) * n**2, id="no denominator"),
    pytest.param(x[j] * (n - x[k]) / n**2, id="another factor"),
])
def test_divide_each_term_does_not_apply_where_nothing_cancels(node):
    assert divide_each_term_rule.apply(node, Context()) is None
