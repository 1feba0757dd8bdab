"""write a power in a named part: r = sqrt(s) makes s^(3/2) r^3 and s itself r^2"""

import pytest
from sympy import IndexedBase, Rational, Sum, Symbol, sqrt

from derive.rules import Context, Definition
from derive.rules.definitions.fold_named_power import fold_named_power_rule

l = Symbol("l", integer=True)
N = Symbol("N", integer=True)
x = IndexedBase("x")
r, eps = Symbol("r"), Symbol("eps")
s = Sum(x[l] ** 2, (l, 1, N)) / N + eps
CONTEXT = Context((Definition(r, sqrt(s)),))


@pytest.mark.parametrize("node, after", [
    pytest.param(s ** Rational(3, 2), r ** 3, id="s^(3/2) = r^3"),
    pytest.param(s, r ** 2, id="s = r^2"),
    pytest.param(1 / s, r ** -2, id="1/s = r^-2"),
    pytest.param(sqrt(s), r, id="the body itself"),
])
def test_fold_power_writes_the_power_in_the_name(node, after, justifies):
    rewrite = fold_named_power_rule.apply(node, CONTEXT)
    assert rewrite is not None and rewrite.after == after
    justifies(fold_named_power_rule, rewrite, node)


@pytest.mark.parametrize("node", [
    pytest.param(s + 1, id="another sum"),
    pytest.param(s ** Symbol("q"), id="a symbolic exponent"),
    pytest.param(Sum(x[l] ** 2, (l, 1, N)) ** 2, id="part of the base"),
])
def test_fold_power_does_not_apply_to_other_powers(node):
    assert fold_named_power_rule.apply(node, CONTEXT) is None


def test_fold_power_does_not_apply_to_a_name_that_is_no_power():
    mean = Definition(Symbol("mu"), Sum(x[l], (l, 1, N)) / N)
    assert fold_named_power_rule.apply(Sum(x[l], (l, 1, N)), Context((mean,))) is None
    assert fold_named_power_rule.apply(s, Context()) is None
