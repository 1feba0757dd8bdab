"""kronecker delta collapse: sum_{l=a}^{b} delta_{lk} f(l) = f(k), for a <= k <= b

A product in brackets counts with its own factors: sum_i g_i (delta_ij x_k) collapses as
sum_i g_i delta_ij x_k (a proven derivative put into a sum stands in brackets, held).
"""

from sympy import And, KroneckerDelta, Mul, Sum

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, unhold


def collapse_kronecker_sum(node, context):
    if len(node.limits) != 1:
        return None
    (l, a, b), = node.limits
    product = Mul(*[unhold(item) for item in factors(node.function)])  # a product in brackets opened
    for item in factors(product):
        if not isinstance(item, KroneckerDelta) or l not in item.args:
            continue
        m = item.args[1] if item.args[0] == l else item.args[0]
        if m.has(l):
            continue
        inside = And(a <= m, m <= b)
        if inside == False:  # noqa: E712  (a SymPy relation decided false: no term has l = m)
            continue
        rest = [other for other in factors(product) if other is not item]
        survivor = Mul(*rest).xreplace({l: m})
        return Rewrite(survivor, {"sum": node, "l": l, "m": m, "term": survivor,
                                  "range": And(a <= m, m <= b, evaluate=False)})
    return None


collapse_kronecker_sum_rule = Rule(
    name="kronecker delta collapse",
    law=r"\sum_{l=1}^{L} \delta_{lk} f_l = f_k \quad (1 \le k \le L)",
    template=("the Kronecker delta is 0 in every term of the sum except {l} = {m}, so only that "
              "term survives: {term} ({range}, so the term {l} = {m} is in the sum)"),
    rewrite=collapse_kronecker_sum,
    on=(Sum,),
    explanation=("Write the sum out term by term: 0 + 0 + ... + {term} + ... + 0. Only one input "
                 "of the sum is the variable we differentiate by; every other term is a constant "
                 "whose derivative is 0."),
)
