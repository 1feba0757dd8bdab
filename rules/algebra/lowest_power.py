"""take out the lowest power: a / v + b / v^3 = (a + b / v^2) / v, when every term is divided by a
power of the same v, not all the same power (the same power is take out a common denominator's)"""

from sympy import Add, Mul, Pow

from derive.rules.base import Rewrite, Rule
from derive.rules.forms import factors


def _divisors(term):
    """{v: exponent} of the factors v^exponent of a term with a negative number as exponent."""
    return {item.base: item.exp for item in factors(term)
            if isinstance(item, Pow) and item.exp.is_Number and item.exp.is_negative}


def take_out_lowest_power(node, context):
    divisors = [_divisors(term) for term in node.args]
    for v in sorted(set.intersection(*[set(each) for each in divisors]), key=str):
        exponents = [each[v] for each in divisors]
        if len(set(exponents)) == 1:
            continue
        lowest = max(exponents)  # the power of v every term is divided by at least (-1 of -1 and -3)
        rest = Add(*[Mul(*[item for item in factors(term) if not (isinstance(item, Pow) and item.base == v)],
                         Pow(v, exponent - lowest)) for term, exponent in zip(node.args, exponents)])
        return Rewrite(Mul(rest, Pow(v, lowest)), {"v": Pow(v, -lowest), "sum": node})
    return None


lowest_power_rule = Rule(
    name="take out the lowest power",
    law=r"\frac{a}{v} + \frac{b}{v^{3}} = \frac{1}{v} \left(a + \frac{b}{v^{2}}\right)",
    template="every term of {sum} is divided by {v} at least, so that division is written once, outside "
             "the brackets",
    rewrite=take_out_lowest_power,
    on=(Add,),
)
