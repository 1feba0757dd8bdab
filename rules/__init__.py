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
from .outer_function import outer_function_rule
from .trigonometric import (cosecant_rule, cosine_rule, cotangent_rule, secant_rule, sine_rule,
                            tangent_rule)
from .inverse_trigonometric import arccosine_rule, arccotangent_rule, arcsine_rule, arctangent_rule
from .hyperbolic import (hyperbolic_cosecant_rule, hyperbolic_cosine_rule, hyperbolic_cotangent_rule,
                         hyperbolic_secant_rule, hyperbolic_sine_rule, hyperbolic_tangent_rule)
from .inverse_hyperbolic import (inverse_hyperbolic_cosine_rule, inverse_hyperbolic_cotangent_rule,
                                 inverse_hyperbolic_sine_rule, inverse_hyperbolic_tangent_rule)
from .error_function import error_function_rule
from .general_exponential import general_exponential_rule
from .power_as_exponential import power_as_exponential_rule
from .absolute_value import absolute_value_rule
from .sign_rule import sign_rule
from .heaviside_rule import heaviside_rule
from .extremum_rule import extremum_rule
from .piecewise_rule import piecewise_rule
from .piece_in_case import piece_in_case_rule
from .fold_power import fold_power_rule
from .complement import complement_rule
from .cancel_power import cancel_power_rule
from .pythagorean import pythagorean_rule
from .power_back import power_back_rule
from .multiply_out import multiply_out_rule
from .tangent_identity import tangent_identity_rule

ALL_RULES = (
    constant_rule, variable_rule, indexed_variable_rule, sum_rule, sum_of_derivatives,
    quotient_rule, product_rule, constant_factor_rule, exponential_rule,
    collapse_kronecker_sum_rule, kronecker_in_case_rule, case_split, factor_out_common_rule, split_fraction_rule,
    split_difference_rule, cancel_quotient_rule, fold_definition_rule, merge_cases_rule,
    power_rule, log_rule, log_of_quotient_rule, log_of_exp_rule, log_derivative_rule,
    expand_product_rule, split_sum_rule, constant_out_of_sum_rule, fold_reciprocal_rule, cancel_factor_rule,
    sine_rule, cosine_rule, tangent_rule, cotangent_rule, secant_rule, cosecant_rule,
    arcsine_rule, arccosine_rule, arctangent_rule, arccotangent_rule,
    hyperbolic_sine_rule, hyperbolic_cosine_rule, hyperbolic_tangent_rule, hyperbolic_cotangent_rule,
    hyperbolic_secant_rule, hyperbolic_cosecant_rule,
    inverse_hyperbolic_sine_rule, inverse_hyperbolic_cosine_rule, inverse_hyperbolic_tangent_rule,
    inverse_hyperbolic_cotangent_rule,
    error_function_rule, general_exponential_rule, power_as_exponential_rule,
    absolute_value_rule, sign_rule, heaviside_rule, extremum_rule, piecewise_rule, piece_in_case_rule,
    fold_power_rule, complement_rule, cancel_power_rule, pythagorean_rule, power_back_rule,
    multiply_out_rule, tangent_identity_rule,
)  # the rules made by use_proven(derivation) and use_assumption(assumption) are built per derivation

__all__ = ["ALL_RULES", "Assumption", "Branch", "Context", "Definition", "Rewrite", "Rule", "use_assumption", "outer_function_rule",
           "use_proven"] + [
    name for name in dir() if name.endswith(("_rule", "_derivatives")) or name == "case_split"
]
