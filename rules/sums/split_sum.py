"""split the sum: sum_l (a_l + b_l) = sum_l a_l + sum_l b_l (a finite sum, term by term)

A term with a minus sign in front gives the sum with the minus sign in front of it:
sum_l (a_l - b_l) = sum_l a_l - sum_l b_l.
"""

from sympy import Add, Sum

from derive.rules.base import Rule, Rewrite


def split_sum(node, context):
    if len(node.limits) != 1 or not isinstance(node.function, Add):
        return None
    limits = node.limits[0]
    pieces = [-Sum(-term, limits) if term.could_extract_minus_sign() else Sum(term, limits)
              for term in node.function.args]
    return Rewrite(Add(*pieces), {"sum": node, "terms": node.function, "l": limits[0]})


split_sum_rule = Rule(
    name="split the sum",
    law=r"\sum_{l} (a_l + b_l) = \sum_{l} a_l + \sum_{l} b_l",
    template="a finite sum of {terms} over {l} is the sum over {l} of each term on its own",
    rewrite=split_sum,
    on=(Sum,),
)
