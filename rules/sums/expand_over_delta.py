"""expand over a Kronecker delta: a (delta_lk + b) = a delta_lk + a b, inside a sum over l, when a
term of the bracket is a Kronecker delta of the summation index (so that the sum can then be split
and the delta's term collapsed)

A factor in brackets (held) counts with its own factors, as for "expand the product". A bracket
with no such delta stays factored: sum_l g_l a_l (K_lu - sum_n a_n K_nu) is already as short as
its expansion, and expanding it only to fold it back would go round in circles.
"""

from sympy import Add, KroneckerDelta, Mul

from derive.rules.base import Rule
from derive.rules.forms import factors, unhold
from derive.rules.sums.expand_product import expand_product


def _has_delta_of(bracket, bound) -> bool:
    return any(isinstance(item, KroneckerDelta) and set(item.free_symbols) & bound
               for term in Add.make_args(bracket) for item in factors(term))


def expand_over_delta(node, context):
    if not context.bound:
        return None
    for item in factors(node):
        for inner in factors(unhold(item)):
            if isinstance(inner, Add) and _has_delta_of(inner, context.bound):
                return expand_product(node, context)
    return None


expand_over_delta_rule = Rule(
    name="expand over a Kronecker delta",
    law=r"a (\delta_{lk} + b) = a\, \delta_{lk} + a\, b",
    template="{a} multiplies every term of {sum}, one of them a Kronecker delta of the summation index, so the "
             "product is written out term by term",
    rewrite=expand_over_delta,
    on=(Mul,),
    explanation=("Written out term by term, the delta's term can be summed on its own: of its sum only one "
                 "term survives."),
)
