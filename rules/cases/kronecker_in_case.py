"""kronecker delta in a case: under the case j = k, delta_{jk} = 1; under j != k, delta_{jk} = 0"""

from sympy import KroneckerDelta

from derive.rules.base import Rule, Rewrite
from derive.rules.cases.case_split import decided_by


def settle_kronecker_delta(node, context):
    if context.case is None:
        return None
    value = decided_by(context.case, node)
    if value is None:
        return None
    return Rewrite(value, {"delta": node, "case": context.case, "value": value})


kronecker_in_case_rule = Rule(
    name="kronecker delta in a case",
    law=r"\delta_{jk} = 1 \text{ if } j = k, \quad \delta_{jk} = 0 \text{ if } j \ne k",
    template="in the case {case}, {delta} is {value}",
    rewrite=settle_kronecker_delta,
    on=(KroneckerDelta,),
)
