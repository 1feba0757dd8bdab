"""split the fraction: (a b) / v^2 = (a / v)(b / v)

The denominator shared out is a sum (the softmax's normaliser, 1 + e^(-x)), or anything when a
definition may fold the pieces; x^2 is not split into x times x.
"""

from sympy import Add, Integer, Mul, Pow, Sum

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, hold, is_number


def split_fraction(node, context):
    denominators = [item for item in factors(node) if isinstance(item, Pow)
                    and isinstance(item.exp, Integer) and item.exp < -1]
    if len(denominators) != 1:
        return None
    v, n = denominators[0].base, int(-denominators[0].exp)
    if not isinstance(v, (Add, Sum)) and not context.definitions:
        return None  # x^2 split as x times x says nothing: only a sum (a normaliser) is shared out
    coefficient = Mul(*[item for item in factors(node) if is_number(item)])
    upstairs = [item for item in factors(node) if not is_number(item) and item is not denominators[0]]
    if len(upstairs) != n:
        return None
    pieces = [hold(item / v) for item in upstairs]
    return Rewrite(coefficient * Mul(*pieces), {"v": v, "n": Integer(n), "fraction": node})


split_fraction_rule = Rule(
    name="split the fraction",
    law=r"\frac{a b}{v^{2}} = \frac{a}{v} \cdot \frac{b}{v}",
    template=("the denominator {v} appears {n} times, so the fraction is split into a product of "
              "fractions, one copy of {v} under each factor of the numerator"),
    rewrite=split_fraction,
    on=(Mul,),
)
