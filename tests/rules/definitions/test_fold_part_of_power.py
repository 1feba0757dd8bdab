"""fold into a definition, taking part of a power: x_j x_k / n^3 is y_j x_k / n^2 when y_j = x_j / n"""

import pytest
from sympy import IndexedBase, Symbol

from derive.rules import Context, Definition
from derive.rules.definitions.fold_part_of_power import fold_part_of_power_rule

j, k = (Symbol(letter, integer=True) for letter in "jk")
x, y = IndexedBase("x"), IndexedBase("y")
n = Symbol("n")
CONTEXT = Context((Definition(y[j], x[j] / n, j),))


@pytest.mark.parametrize("node, after", [
    pytest.param(x[j] * x[k] / n ** 3, y[j] * x[k] / n ** 2, id="x_j x_k / n^3"),
    pytest.param(-x[k] / n ** 2, -y[k] / n, id="with a sign"),
    pytest.param(x[j] / n, y[j], id="the body itself"),
])
def test_fold_part_of_power_takes_part_of_the_power(node, after, justifies):
    rewrite = fold_part_of_power_rule.apply(node, CONTEXT)
    assert rewrite is not None and rewrite.after == after
    justifies(fold_part_of_power_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param(x[j] * n, id="the power of the other sign"),
    pytest.param(x[j] ** 2 / n ** Symbol("q"), id="a symbolic power"),
    pytest.param(x[j] * Symbol("m") ** -1, id="another denominator"),
])
def test_fold_part_of_power_does_not_apply_where_the_power_is_not_there(node):
    assert fold_part_of_power_rule.apply(node, CONTEXT) is None
