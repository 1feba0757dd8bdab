"""constant factor out of a sum: sum_l c a_l = c sum_l a_l when c does not contain l"""

from sympy import Mul, Sum

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors


def take_constant_out_of_sum(node, context):
    if len(node.limits) != 1 or not isinstance(node.function, Mul):
        return None
    (l, a, b), = node.limits
    constant = [item for item in factors(node.function) if l not in item.free_symbols]
    varying = [item for item in factors(node.function) if l in item.free_symbols]
    if not constant or not varying:
        return None
    c, rest = Mul(*constant), Mul(*varying)
    return Rewrite(c * Sum(rest, (l, a, b)), {"c": c, "l": l, "term": rest})


constant_out_of_sum_rule = Rule(
    name="constant factor out of a sum",
    law=r"\sum_{l} c\, a_l = c \sum_{l} a_l",
    template="{c} does not contain {l}, so it is the same in every term of the sum over {l}: it is "
             "taken out in front of the sum of {term}",
    rewrite=take_constant_out_of_sum,
    on=(Sum,),
)
