"""indexed variable rule: d z_l / d z_k = delta_{lk}"""

from sympy import And, Derivative, Eq, Indexed, KroneckerDelta, Mul

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import derivative_parts, same_input_possible


def differentiate_indexed_variable(node, context):
    parts = derivative_parts(node)
    if parts is None:
        return None
    v, x = parts
    if not (isinstance(v, Indexed) and isinstance(x, Indexed)) or v == x:
        return None
    if not same_input_possible(v, x):
        return None
    pairs = [(a, b) for a, b in zip(v.indices, x.indices) if a != b]
    delta = Mul(*[KroneckerDelta(a, b) for a, b in pairs])
    same = And(*[Eq(a, b) for a, b in pairs])
    return Rewrite(delta, {"v": v, "x": x, "delta": delta, "same": same})


indexed_variable_rule = Rule(
    name="indexed variable rule",
    law=r"\frac{\partial z_l}{\partial z_k} = \delta_{lk}",
    template=("{v} and {x} are the same input exactly when {same}, so the derivative is the "
              "Kronecker delta {delta}: 1 when {same} and 0 otherwise"),
    rewrite=differentiate_indexed_variable,
    on=(Derivative,),
    explanation=("The Kronecker delta {delta} is 1 when {same} and 0 otherwise. The inputs are "
                 "independent variables: when {same} fails, {v} is another input, held constant "
                 "while {x} varies, so its derivative is 0."),
)
