"""expand the product: a (b + c) = a b + a c, inside a sum, when the bracket changes with the
summation index (so that the sum can then be split term by term)

A factor in brackets (held) counts with its own factors: a (b (c + d)) is expanded over c + d.
Outside a sum, or when the bracket does not change with the summation index, the rule does not
apply: there the product is left factored (the factor-out rule builds such products, and
undoing them would go round in circles).
"""

from sympy import Add, Mul, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, unhold


def _flat_factors(node):
    flat = []
    for item in factors(node):
        inner = unhold(item)
        flat.extend(factors(inner) if isinstance(item, UnevaluatedExpr) else [item])
    return flat


def expand_product(node, context):
    if not context.bound:
        return None
    flat = _flat_factors(node)
    for position, item in enumerate(flat):
        bracket = unhold(item)
        if isinstance(bracket, Add) and bracket.free_symbols & context.bound:
            others = flat[:position] + flat[position + 1:]
            after = Add(*[Mul(*others, term) for term in bracket.args])
            return Rewrite(after, {"a": Mul(*others), "sum": bracket, "product": node})
    return None


expand_product_rule = Rule(
    name="expand the product",
    law=r"a (b + c) = a b + a c",
    template="{a} multiplies every term of {sum}, so the product is written out term by term",
    rewrite=expand_product,
    on=(Mul,),
    explanation=("Inside the sum each term of {sum} changes with the summation index in its own "
                 "way; written out term by term, each can be summed on its own."),
)
