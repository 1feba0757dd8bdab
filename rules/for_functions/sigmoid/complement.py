"""the complement of a definition: when sigma(x) is defined as 1/(1 + r), r sigma(x) = 1 - sigma(x)
(for the sigmoid, e^{-x} sigma(x) = 1 - sigma(x), since e^{-x}/(1 + e^{-x}) = 1 - 1/(1 + e^{-x}))"""

from sympy import Add, Integer, Mul, Pow, S

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors
from derive.rules.for_functions.sigmoid.fold_power import reciprocal_instances


def complement(node, context):
    if not context.definitions:  # nothing to fold into
        return None
    present = factors(node)
    for name, v in reciprocal_instances(node, context):
        if not isinstance(v, Add) or S.One not in v.args:
            continue
        r = Add(*[term for term in v.args if term != S.One])
        powers = [item for item in present if item == name or (isinstance(item, Pow) and item.base == name
                                                               and item.exp.is_Integer and item.exp > 0)]
        if r not in present or not powers:
            continue
        held = powers[0]
        n = Integer(1) if held == name else held.exp
        rest = [item for item in present if item is not held and item != r]
        return Rewrite(Mul(*rest) * (1 - name) * name**(n - 1), {"r": r, "name": name, "v": v})
    return None


complement_rule = Rule(
    name="the complement of the definition",
    law=r"r \sigma = 1 - \sigma \text{ where } \sigma = \frac{1}{1 + r}",
    template=("{name} is 1/({v}), so {r} times {name} is ({v} - 1)/({v}) = 1 - {name}"),
    rewrite=complement,
    on=(Mul,),
)
