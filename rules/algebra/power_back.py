"""a power written back: e^(g log f) = f^g

A power whose base and exponent both vary is differentiated as e^(g log f) (the rule "power as
an exponential"); once the calculus is done, the exponential is written back as the power it
stands for, as a textbook gives d x^x = x^x (log x + 1).
"""

from sympy import Mul, exp, log

from derive.rules.base import Rule, Rewrite


def power_back(node, context):
    parts = Mul.make_args(node.args[0])
    logs = [part for part in parts if isinstance(part, log) and len(part.args) == 1]
    if len(logs) != 1 or len(parts) < 2:
        return None
    f = logs[0].args[0]
    g = Mul(*[part for part in parts if part is not logs[0]])
    return Rewrite(f**g, {"f": f, "g": g})


power_back_rule = Rule(
    name="power written back",
    law=r"e^{g \ln f} = f^{g}",
    template="e to the power {g} log({f}) is {f} to the power {g}: the exponential form has done its work",
    rewrite=power_back,
    on=(exp,),
)
