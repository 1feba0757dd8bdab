"""cancel: v / v = 1"""

from sympy import Mul, Pow, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors


def cancel_quotient(node, context):
    parts = factors(node)
    for held in parts:
        if not isinstance(held, UnevaluatedExpr):
            continue
        v = held.args[0]
        for item in parts:
            if isinstance(item, Pow) and item.base == v and item.exp == -1:
                rest = [other for other in parts if other is not held and other is not item]
                return Rewrite(Mul(*rest), {"v": v})
    return None


cancel_quotient_rule = Rule(
    name="cancel",
    law=r"\frac{v}{v} = 1",
    template="{v} divided by itself is 1",
    rewrite=cancel_quotient,
    on=(Mul,),
)
