"""the tangent: sin u / cos u = tan u (and cos u / sin u = cot u is left as it is)

d/dx log(cos x) comes out of the log rule as -sin x / cos x; a textbook writes -tan x.
"""

from sympy import Mul, Pow, cos, sin, tan

from derive.rules.base import Rule, Rewrite


def tangent_identity(node, context):
    parts = list(Mul.make_args(node))
    present = set(parts)  # a set: a product of many factors is not searched once for each sine
    for part in parts:
        if isinstance(part, sin):
            u = part.args[0]
            below = Pow(cos(u), -1)
            if below in present:
                rest = [other for other in parts if other is not part and other != below]
                return Rewrite(Mul(*rest, tan(u)), {"u": u})
    return None


tangent_identity_rule = Rule(
    name="the tangent",
    law=r"\frac{\sin u}{\cos u} = \tan u",
    template="sin({u}) divided by cos({u}) is tan({u})",
    rewrite=tangent_identity,
    on=(Mul,),
)
