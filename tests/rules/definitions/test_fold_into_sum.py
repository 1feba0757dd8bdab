"""fold into a definition inside a sum: sum_n e^{s_n} K_ne / sum_p e^{s_p} = sum_n a_n K_ne"""

import pytest
from sympy import IndexedBase, Sum, Symbol, exp

from derive.rules import Context, Definition
from derive.rules.definitions.fold_into_sum import fold_into_sum_rule

e, l, n, p = (Symbol(letter, integer=True) for letter in "elnp")
L = Symbol("L", integer=True, positive=True)
a, s, K = IndexedBase("a"), IndexedBase("s"), IndexedBase("K")
DENOMINATOR = Sum(exp(s[p]), (p, 1, L))
CONTEXT = Context((Definition(a[l], exp(s[l]) / DENOMINATOR, l),))


def test_fold_into_sum_takes_the_factor_inside_where_it_makes_the_definition(justifies):
    node = Sum(exp(s[n]) * K[n, e], (n, 1, L)) / DENOMINATOR
    rewrite = fold_into_sum_rule.apply(node, CONTEXT)
    assert rewrite is not None and rewrite.after == Sum(a[n] * K[n, e], (n, 1, L))
    justifies(fold_into_sum_rule, rewrite, node)


def test_fold_into_sum_matches_the_definition_whatever_the_letter_of_its_sum():
    node = Sum(exp(s[n]) * K[n, e], (n, 1, L)) / Sum(exp(s[n]), (n, 1, L))
    assert fold_into_sum_rule.apply(node, CONTEXT).after == Sum(a[n] * K[n, e], (n, 1, L))


@pytest.mark.parametrize("node", [
    pytest.param(Sum(exp(s[n]) * K[n, e], (n, 1, L)) * K[n, e], id="a factor that changes with n"),
    pytest.param(Sum(exp(2 * s[n]), (n, 1, L)) / DENOMINATOR, id="no instance inside"),
    pytest.param(Sum(exp(s[n]), (n, 1, L)), id="no factor outside"),
])
def test_fold_into_sum_does_not_apply_where_no_term_becomes_a_definition(node):
    assert fold_into_sum_rule.apply(node, CONTEXT) is None


def test_fold_into_sum_does_not_apply_without_definitions():
    assert fold_into_sum_rule.apply(Sum(exp(s[n]), (n, 1, L)) / DENOMINATOR, Context()) is None
