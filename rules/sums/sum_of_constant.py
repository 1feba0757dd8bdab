"""sum of a constant: sum_{m=a}^{b} c = (b - a + 1) c when c does not contain m (N c for m = 1..N)"""

from sympy import Sum

from derive.rules.base import Rewrite, Rule


def sum_constant(node, context):
    if len(node.limits) != 1:
        return None
    (m, a, b), = node.limits
    if m in node.function.free_symbols:
        return None
    count = b - a + 1
    return Rewrite(count * node.function, {"sum": node, "c": node.function, "m": m, "count": count})


sum_of_constant_rule = Rule(
    name="sum of a constant",
    law=r"\sum_{m=1}^{N} c = N c",
    template="{c} does not contain {m}: the sum adds it {count} times",
    rewrite=sum_constant,
    on=(Sum,),
)
