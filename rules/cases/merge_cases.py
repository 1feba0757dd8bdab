"""merge the cases: a for j = k and b for j != k is the single expression b + delta_{jk} (a - b)"""

from sympy import Eq, KroneckerDelta, Ne, Piecewise, S, UnevaluatedExpr, count_ops, expand, factor, factor_terms

from derive.rules.base import Rule, Rewrite


def merge_cases(node, context):
    if len(node.args) != 2:
        return None
    (a, equal), (b, otherwise) = node.args
    if not isinstance(equal, Eq) or node.has(UnevaluatedExpr):
        return None
    different = Ne(*equal.args)
    if otherwise not in (S.true, different):
        return None
    delta = KroneckerDelta(*equal.args)
    expanded = expand(b + delta * (a - b))
    # factored over one denominator, or (where it is smaller) with only the common factor taken
    # out: gamma_j / r (delta_jk - x_j x_k / (N r^2)) rather than one fraction over N r^3
    merged = min((factor(expanded), factor_terms(expanded)), key=count_ops)
    return Rewrite(merged, {"a": a, "b": b, "delta": delta, "equal": equal, "different": different})


merge_cases_rule = Rule(
    name="merge the cases",
    law=r"\begin{cases} a & j = k \\ b & j \ne k \end{cases} = b + \delta_{jk} (a - b)",
    template=("{delta} is 1 when {equal} and 0 when {different}, so adding {delta} times the "
              "difference of the two results to the result for {different} gives each case its own "
              "value in one expression, expanded and factored"),
    rewrite=merge_cases,
    on=(Piecewise,),
)
