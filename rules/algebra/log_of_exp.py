"""log of an exponential: log(e^g) = g, for real g

SymPy already writes ``log(e^g)`` as ``g`` when it knows ``g`` is real; for an input with no
assumptions, such as the indexed ``z[i, j]`` or a plain ``Symbol('x')``, it keeps
``log(exp(g))`` unevaluated, and this rule does the step (the inputs of softmax are real).
"""

from sympy import exp, log

from derive.rules.base import Rule, Rewrite


def log_of_exponential(node, context):
    if len(node.args) != 1 or not isinstance(node.args[0], exp):
        return None
    f = node.args[0]
    g = f.args[0]
    return Rewrite(g, {"f": f, "g": g})


log_of_exp_rule = Rule(
    name="log of an exponential",
    law=r"\log e^{g} = g",
    template="{g} is real, so the logarithm undoes the exponential: the logarithm of {f} is {g}",
    rewrite=log_of_exponential,
    on=(log,),
)
