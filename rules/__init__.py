"""Small, pure, named rewrite rules for differentiation and the algebra that follows it.

Each rule lives in a module of its own and is a `Rule`: a name, the law it states, a
justification template and a rewrite function returning a `Rewrite` or `None`.
Rules know nothing of printing, of the command line, or of the order they are tried in.
"""

from .base import Branch, Context, Definition, Rewrite, Rule
from .cancel_quotient import cancel_quotient_rule
from .case_split import case_split
from .constant_factor_rule import constant_factor_rule
from .constant_rule import constant_rule
from .exponential_rule import exponential_rule
from .factor_common import factor_out_common_rule
from .fold_definition import fold_definition_rule
from .indexed_variable_rule import indexed_variable_rule
from .kronecker_collapse import collapse_kronecker_sum_rule
from .kronecker_in_case import kronecker_in_case_rule
from .log_derivative import log_derivative_rule
from .log_of_exp import log_of_exp_rule
from .log_of_quotient import log_of_quotient_rule
from .log_rule import log_rule
from .merge_cases import merge_cases_rule
from .power_rule import power_rule
from .product_rule import product_rule
from .quotient_rule import quotient_rule
from .split_difference import split_difference_rule
from .split_fraction import split_fraction_rule
from .sum_of_derivatives import sum_of_derivatives
from .sum_rule import sum_rule
from .variable_rule import variable_rule
from .cancel_factor import cancel_factor_rule
from .constant_out_of_sum import constant_out_of_sum_rule
from .expand_product import expand_product_rule
from .fold_reciprocal import fold_reciprocal_rule
from .split_sum import split_sum_rule
from .use_assumption import Assumption, use_assumption
from .use_proven import use_proven

ALL_RULES = (
    constant_rule, variable_rule, indexed_variable_rule, sum_rule, sum_of_derivatives,
    quotient_rule, product_rule, constant_factor_rule, exponential_rule,
    collapse_kronecker_sum_rule, kronecker_in_case_rule, case_split, factor_out_common_rule, split_fraction_rule,
    split_difference_rule, cancel_quotient_rule, fold_definition_rule, merge_cases_rule,
    power_rule, log_rule, log_of_quotient_rule, log_of_exp_rule, log_derivative_rule,
    expand_product_rule, split_sum_rule, constant_out_of_sum_rule, fold_reciprocal_rule, cancel_factor_rule,
)  # the rules made by use_proven(derivation) and use_assumption(assumption) are built per derivation

__all__ = ["ALL_RULES", "Assumption", "Branch", "Context", "Definition", "Rewrite", "Rule", "use_assumption",
           "use_proven"] + [
    name for name in dir() if name.endswith(("_rule", "_derivatives")) or name == "case_split"
]
