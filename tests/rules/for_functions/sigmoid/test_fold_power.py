"""fold a power into the definition: with sigma(x) defined as 1/v, 1/v^n is sigma(x)^n (the sigmoid's algebra)"""

import pytest
from sympy import Function, Symbol, exp

from derive.rules import Context, Definition
from derive.rules.for_functions.sigmoid.fold_power import fold_power_rule

x, y = Symbol("x"), Symbol("y")
sigma = Function("sigma")
SIGMOID = Context(definitions=(Definition(sigma(x), 1 / (1 + exp(-x)), x),))


@pytest.mark.parametrize("node, after", [
    (exp(-x) / (1 + exp(-x))**2, exp(-x) * sigma(x)**2),
    (1 / (1 + exp(-x))**3, sigma(x)**3),
    (exp(-y) / (1 + exp(-y))**2, exp(-y) * sigma(y)**2),  # the definition at another argument
])
def test_fold_power(node, after, justifies):
    rewrite = fold_power_rule.apply(node, SIGMOID)
    assert rewrite.after == after
    justifies(fold_power_rule, rewrite, node)


@pytest.mark.parametrize("node, context", [
    (exp(-x) / (1 + exp(-x)), SIGMOID),          # a first power: the fold into the definition's job
    (exp(-x) / (1 + exp(x))**2, SIGMOID),        # another denominator
    (exp(-x) / (1 + exp(-x))**2, Context()),     # no definition
])
def test_fold_power_does_not_apply(node, context):
    assert fold_power_rule.apply(node, context) is None
