"""fold into a definition: when S_j is defined as f(j), the expression f(m) is written S_m; a plain
name folds the same way (sum_l x_l / N is written mu when mu is defined so). Each factor of the
definition must stand in the node to the same power (fold_part_of_power takes part of a power)."""

from sympy import Indexed, Mul, Pow, UnevaluatedExpr

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors, unhold


def powers(expr):
    """``expr`` as a product: each base with its total exponent."""
    found = {}
    for factor in factors(expr):
        base, exponent = factor.as_base_exp() if isinstance(factor, Pow) else (factor, 1)
        found[base] = found.get(base, 0) + exponent
    return found


def instances(definition, inner):
    """(name, body) of every instance of the definition the node may hold."""
    if definition.index == () and not isinstance(definition.name, Indexed):
        return [(definition.name, definition.body)]
    candidates = sorted({index for atom in inner.atoms(Indexed) for index in atom.indices}, key=str)
    return [definition.instance(value) for value in candidates]


def fold(node, context, within):
    """The rewrite folding ``node`` into the first definition whose factors it holds, each to a
    power ``within(wanted, present)`` accepts."""
    inner = unhold(node)
    present = powers(inner)
    for definition in context.definitions:
        for name, body in instances(definition, inner):
            wanted = powers(body)
            if not all(base in present and within(exponent, present[base]) for base, exponent in wanted.items()):
                continue
            if inner is not node and wanted != present:
                continue
            rest = [base**(present[base] - wanted.get(base, 0)) for base in present]
            after = Mul(name, *rest)
            return Rewrite(after, {"body": body, "name": name})
    return None


def fold_definition(node, context):
    return fold(node, context, lambda wanted, present: wanted == present)


fold_definition_rule = Rule(
    name="fold into the definition",
    law=r"\frac{e^{z_m}}{\sum_{l} e^{z_l}} = S_m",
    template="{body} is the definition of {name}, so it is written {name}",
    rewrite=fold_definition,
    on=(Mul, UnevaluatedExpr),
)
