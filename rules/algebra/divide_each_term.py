"""divide each term: (n - x_k y_j) / n^2 = n / n^2 - x_k y_j / n^2 = 1/n - x_k y_j / n^2, when a term
of the numerator holds a power of the denominator's base, which then cancels in that term (split the
difference, earlier, takes (v - b)/v, where the base itself is a term)"""

from sympy import Add, Mul, Pow

from derive.rules.base import Rewrite, Rule
from derive.rules.forms import factors


def _powers_of(term, base):
    return [item for item in factors(term) if item == base or (isinstance(item, Pow) and item.base == base)]


def divide_each_term(node, context):
    parts = factors(node)
    sums = [item for item in parts if isinstance(item, Add)]
    denominators = [item for item in parts if isinstance(item, Pow) and item.exp.is_Integer and item.exp < 0]
    if len(sums) != 1 or len(denominators) != 1 or len(parts) != 2:
        return None
    total, denominator = sums[0], denominators[0]
    if not any(_powers_of(term, denominator.base) for term in total.args):
        return None
    return Rewrite(Add(*[term * denominator for term in total.args]), {"sum": total, "v": denominator})


divide_each_term_rule = Rule(
    name="divide each term",
    law=r"\frac{a n + b}{n^{p}} = \frac{a}{n^{p-1}} + \frac{b}{n^{p}}",
    template="each term of {sum} is divided by {v} on its own, and the power it holds cancels",
    rewrite=divide_each_term,
    on=(Mul,),
)
