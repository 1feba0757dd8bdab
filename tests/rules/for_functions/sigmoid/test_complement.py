"""the complement of the definition: with sigma(x) = 1/(1 + r), r sigma(x) = 1 - sigma(x) (the sigmoid's algebra)"""

import pytest
from sympy import Function, Symbol, exp

from derive.rules import Context, Definition
from derive.rules.for_functions.sigmoid.complement import complement_rule

x, y = Symbol("x"), Symbol("y")
sigma = Function("sigma")
SIGMOID = Context(definitions=(Definition(sigma(x), 1 / (1 + exp(-x)), x),))


@pytest.mark.parametrize("node, after", [
    (exp(-x) * sigma(x)**2, (1 - sigma(x)) * sigma(x)),
    (exp(-x) * sigma(x), 1 - sigma(x)),
    (3 * exp(-x) * sigma(x)**3, 3 * (1 - sigma(x)) * sigma(x)**2),
])
def test_complement(node, after, justifies):
    rewrite = complement_rule.apply(node, SIGMOID)
    assert rewrite.after == after
    assert justifies(complement_rule, rewrite, node).endswith("= 1 - sigma(x)")


@pytest.mark.parametrize("node, context", [
    (exp(x) * sigma(x), SIGMOID),       # e^x is not the rest of 1 + e^{-x}
    (exp(-x) * sigma(y), SIGMOID),      # sigma at another argument
    (exp(-x) * x, SIGMOID),             # no sigma
    (exp(-x) * sigma(x), Context()),    # no definition
])
def test_complement_does_not_apply(node, context):
    assert complement_rule.apply(node, context) is None
