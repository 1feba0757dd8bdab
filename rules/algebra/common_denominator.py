"""take out a common denominator: a / v - b / v = (a - b) / v, when every term is divided by the
same power of the same v (the numerators' common factors are factor out a common factor's)"""

import functools

from sympy import Add, Mul, Pow

from derive.rules.base import Rewrite, Rule
from derive.rules.forms import factors


@functools.lru_cache(maxsize=4096)  # a sum rewritten at one term keeps its other terms: each is read once
def _denominators(term):
    return frozenset(item for item in factors(term) if isinstance(item, Pow) and item.exp.is_negative)


def take_out_common_denominator(node, context):
    common = frozenset.intersection(*[_denominators(term) for term in node.args])
    if not common:
        return None
    v = Mul(*sorted(common, key=str))
    rest = Add(*[Mul(*[item for item in factors(term) if item not in common]) for term in node.args])
    return Rewrite(Mul(rest, v), {"v": 1 / v, "sum": node})


common_denominator_rule = Rule(
    name="take out a common denominator",
    law=r"\frac{a}{v} - \frac{b}{v} = \frac{a - b}{v}",
    template="every term of {sum} is divided by {v}, so the division is written once, outside the brackets",
    rewrite=take_out_common_denominator,
    on=(Add,),
)
