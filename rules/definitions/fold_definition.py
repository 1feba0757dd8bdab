"""fold into a definition: when S_j is defined as f(j), the expression f(m) is written S_m"""

from collections import Counter

from sympy import Indexed, Mul, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, unhold


def fold_definition(node, context):
    if not context.definitions:  # nothing to fold into
        return None
    inner = unhold(node)
    present = Counter(factors(inner))
    candidates = sorted({index for atom in inner.atoms(Indexed) for index in atom.indices}, key=str)
    for definition in context.definitions:
        for value in candidates:
            name, body = definition.instance(value)
            wanted = Counter(factors(body))
            if wanted - present:
                continue
            if inner is not node and wanted != present:
                continue
            rest = present - wanted
            after = Mul(name, *[base**1 for base in rest.elements()])
            return Rewrite(after, {"body": body, "name": name})
    return None


fold_definition_rule = Rule(
    name="fold into the definition",
    law=r"\frac{e^{z_m}}{\sum_{l} e^{z_l}} = S_m",
    template="{body} is the definition of {name}, so it is written {name}",
    rewrite=fold_definition,
    on=(Mul, UnevaluatedExpr),
)
