"""The routes: each an ordered list of rules, stated here and nowhere else.

Order carries meaning and is visible: the engine tries the rules in this order at every step.
Calculus rules come first, so every derivative is worked out before any algebra starts; the
case split follows the calculus; the algebra that folds the result into the definition last.
"""

from rules import (
    cancel_quotient_rule, case_split, collapse_kronecker_sum_rule, constant_factor_rule,
    constant_rule, exponential_rule, factor_out_common_rule, fold_definition_rule,
    indexed_variable_rule, kronecker_in_case_rule, merge_cases_rule, product_rule, quotient_rule, split_difference_rule,
    split_fraction_rule, sum_of_derivatives, sum_rule, variable_rule,
)

from .engine import Route

CALCULUS = (
    constant_rule,            # d c/dx = 0: first, so nothing constant is differentiated further
    variable_rule,            # dx/dx = 1
    indexed_variable_rule,    # d z_l/d z_k = delta_lk
    sum_rule,                 # d(f + g) = df + dg
    sum_of_derivatives,       # d sum_l f_l = sum_l d f_l
    quotient_rule,            # before the product rule: a fraction is a quotient on this route
    constant_factor_rule,     # d(c f) = c df
    product_rule,             # d(f g) = df g + f dg
    exponential_rule,         # d e^g = e^g dg
    collapse_kronecker_sum_rule,  # sum_l delta_lk f_l = f_k
)

ALGEBRA = (
    kronecker_in_case_rule,   # delta_jk = 1 under j = k, 0 under j != k, once a case is in force
    case_split,               # delta_jk: j = k or j != k, once the calculus is done
    factor_out_common_rule,   # a b - a c = a (b - c)
    split_fraction_rule,      # a b / v^2 = (a/v)(b/v)
    split_difference_rule,    # (a - b)/v = a/v - b/v
    cancel_quotient_rule,     # v/v = 1
    fold_definition_rule,     # e^{z_m} / sum = S_m
)

QUOTIENT = Route(
    name="quotient",
    rules=CALCULUS + ALGEBRA,
    merge=merge_cases_rule,
    description="the textbook's route: quotient rule, sum of derivatives, exponential rule, "
                "case split, then the algebra that folds the result back into S",
)

ROUTES = {route.name: route for route in (QUOTIENT,)}
