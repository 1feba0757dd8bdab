"""cancel a common factor: (v a) / v = a, where v a is a product in brackets (held)

The brackets are released as the factor cancels. A product that is not in brackets never gets
here: SymPy cancels v against 1/v in it as soon as the two meet.
"""

from sympy import Integer, Mul, Pow, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors


def cancel_factor(node, context):
    parts = factors(node)
    for held in parts:
        if not isinstance(held, UnevaluatedExpr) or not isinstance(held.args[0], Mul):
            continue
        inside = factors(held.args[0])
        for item in parts:
            if isinstance(item, Pow) and item.exp == Integer(-1) and item.base in inside:
                v = item.base
                kept = list(inside)
                kept.remove(v)
                rest = [other for other in parts if other is not held and other is not item]
                return Rewrite(Mul(*rest, *kept), {"v": v, "product": held.args[0]})
    return None


cancel_factor_rule = Rule(
    name="cancel a common factor",
    law=r"\frac{v\, a}{v} = a",
    template="{v} is a factor of {product} and the product is divided by {v}: the two cancel",
    rewrite=cancel_factor,
    on=(Mul,),
)
