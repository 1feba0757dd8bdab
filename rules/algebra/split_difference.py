"""split the difference: (v - b) / v = v / v - b / v, so that v / v can cancel"""

from sympy import Add, Integer, Mul, Pow, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, hold, unhold


def split_difference(node, context):
    inner = unhold(node)
    if not isinstance(inner, Mul):
        return None
    parts = factors(inner)
    sums = [item for item in parts if isinstance(item, Add)]
    denominators = [item for item in parts if isinstance(item, Pow) and item.exp == -1]
    if len(sums) != 1 or len(denominators) != 1 or len(parts) != 2:
        return None
    total, v = sums[0], denominators[0].base
    if v not in total.args:
        return None  # only a numerator containing the denominator itself splits into v/v - ...
    pieces = []
    for term in total.args:
        piece = term / v
        if v not in [item.base for item in factors(piece) if isinstance(item, Pow)]:
            piece = Mul(hold(term), Pow(v, Integer(-1)))
        pieces.append(piece)
    return Rewrite(Add(*pieces), {"sum": total, "v": v})


split_difference_rule = Rule(
    name="split the difference",
    law=r"\frac{v - b}{v} = \frac{v}{v} - \frac{b}{v}",
    template="each term of the numerator {sum} is divided by the common denominator {v} on its own",
    rewrite=split_difference,
    on=(Mul, UnevaluatedExpr),
)
