"""fold a power into the definition: when sigma(x) is defined as 1/v, the factor 1/v^n is
written sigma(x)^n (for the sigmoid: e^{-x} / (1 + e^{-x})^2 = e^{-x} sigma(x)^2)"""

from sympy import Integer, Mul, Pow, Symbol

from derive.rules.base import Rule, Rewrite
from derive.rules.forms import factors


def reciprocal_instances(node, context):
    """(name, v) for every definition whose instance in ``node`` is 1/v."""
    reciprocals = [definition for definition in context.definitions
                   if isinstance(definition.body, Pow) and definition.body.exp == -1]
    if not reciprocals:  # the instances of a body that is no reciprocal are none (and costly to list)
        return
    values = {symbol for symbol in node.free_symbols if isinstance(symbol, Symbol)}
    for definition in reciprocals:
        for value in sorted(values | {definition.index}, key=str):
            name, body = definition.instance(value)
            if isinstance(body, Pow) and body.exp == -1:
                yield name, body.base


def fold_power(node, context):
    if not context.definitions:  # nothing to fold into
        return None
    present = factors(node)
    for name, v in reciprocal_instances(node, context):
        for position, item in enumerate(present):
            if isinstance(item, Pow) and item.base == v and item.exp.is_Integer and item.exp < -1:
                n = Integer(-item.exp)
                after = Mul(*present[:position], Pow(name, n), *present[position + 1:])
                return Rewrite(after, {"power": item, "v": v, "name": name, "n": n})
    return None


fold_power_rule = Rule(
    name="fold a power into the definition",
    law=r"\frac{1}{v^n} = \sigma^n \text{ where } \sigma = \frac{1}{v}",
    template="{name} is defined as 1/({v}), so {power} is {name} to the power {n}",
    rewrite=fold_power,
    on=(Mul, Pow),
)
