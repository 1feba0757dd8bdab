"""fold into a definition inside a sum: a factor outside a sum over n that, taken inside, makes each
term an instance of a definition: sum_n e^{s_n} K_ne / sum_p e^{s_p} = sum_n a_n K_ne when a_n is
defined as e^{s_n} / sum_p e^{s_p} (the factor is the same in every term, so it may stand inside)."""

from sympy import Mul, Sum

from derive.rules.base import Rewrite, Rule
from derive.rules.definitions.fold_definition import fold
from derive.rules.forms import factors


def fold_into_sum(node, context):
    if not context.definitions:
        return None
    parts = factors(node)
    for total in parts:
        if not isinstance(total, Sum) or len(total.limits) != 1:
            continue
        n = total.limits[0][0]
        others = [item for item in parts if item is not total]
        constant = [item for item in others if n not in item.free_symbols]
        if not constant or len(constant) != len(others):
            continue
        inside = fold(Mul(*constant, total.function), context, lambda wanted, present: wanted == present)
        if inside is None:
            continue
        after = Sum(inside.after, total.limits)
        return Rewrite(after, {"factor": Mul(*constant), "sum": total, "name": inside.bindings["name"],
                               "body": inside.bindings["body"]})
    return None


fold_into_sum_rule = Rule(
    name="fold into the definition inside a sum",
    law=r"\frac{\sum_n e^{s_n} K_{ne}}{\sum_p e^{s_p}} = \sum_n a_n K_{ne}",
    template="{factor} is the same in every term of {sum}, so it is taken inside, where {body} is {name}",
    rewrite=fold_into_sum,
    on=(Mul,),
)
