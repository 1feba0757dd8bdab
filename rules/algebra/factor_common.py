"""factor out a common factor: a b + a c = a (b + c)"""

import functools
from collections import Counter

from sympy import Add, Integer, Mul, exp

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, is_number


@functools.lru_cache(maxsize=4096)  # a sum rewritten at one term keeps its other terms: each is read once
def _unit_factors(term):
    """The numerator factors of a term, with e^{n g} (integer n > 1) counted as n factors e^{g}.
    (The Counter returned is shared: it is only read, never changed.)"""
    units = []
    for item in factors(term):
        if is_number(item) or (item.is_Pow and item.exp.is_negative):
            continue
        if isinstance(item, exp):
            n, g = item.args[0].as_coeff_Mul()
            if isinstance(n, Integer) and n > 1:
                units.extend([exp(g)] * int(n))
                continue
        units.append(item)
    return Counter(units)


def factor_out_common(node, context):
    counts = [_unit_factors(term) for term in node.args]
    common = counts[0]
    for count in counts[1:]:
        common = common & count
    if not common:
        return None
    c = Mul(*[base**n for base, n in common.items()])
    rest = []
    for term, count in zip(node.args, counts):
        coefficient = Mul(*[item for item in factors(term)
                            if is_number(item) or (item.is_Pow and item.exp.is_negative)])
        remaining = count - common
        rest.append(coefficient * Mul(*[base**n for base, n in remaining.items()]))
    return Rewrite(Mul(c, Add(*rest)), {"c": c, "sum": node})


factor_out_common_rule = Rule(
    name="factor out a common factor",
    law=r"a b + a c = a (b + c)",
    template="{c} is a factor of every term of {sum}, so it is taken out in front of the brackets",
    rewrite=factor_out_common,
    on=(Add,),
)
