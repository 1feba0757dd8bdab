"""fold the reciprocal into the definition: when S_j is defined as f(j), the factors of 1 / f(m)
are written 1 / S_m (for softmax: e^{-z_m} sum_l e^{z_l} = 1 / S_m)

The rule does not apply when S_m itself is a plain factor of the same product: SymPy would cancel
S_m against 1 / S_m silently, and a cancellation must be a step of its own.
"""

from collections import Counter

from sympy import Indexed, Integer, Mul, Pow

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors


def fold_reciprocal(node, context):
    present = Counter(factors(node))
    candidates = sorted({index for atom in node.atoms(Indexed) for index in atom.indices}, key=str)
    for definition in context.definitions:
        for value in candidates:
            name, body = definition.instance(value)
            reciprocal = Pow(body, Integer(-1))
            wanted = Counter(factors(reciprocal))
            if wanted - present or name in present:
                continue
            rest = present - wanted
            after = Mul(Pow(name, Integer(-1)), *rest.elements())
            return Rewrite(after, {"reciprocal": reciprocal, "body": body, "name": name})
    return None


fold_reciprocal_rule = Rule(
    name="fold the reciprocal into the definition",
    law=r"\frac{\sum_{l} e^{z_l}}{e^{z_m}} = \frac{1}{S_m}",
    template="{reciprocal} is 1 divided by {body}, which is the definition of {name}, so it is written 1/{name}",
    rewrite=fold_reciprocal,
    on=(Mul,),
)
