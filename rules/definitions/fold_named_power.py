"""write a power in a named part: when r is defined as b^p (r = sqrt(b), p = 1/2), the power b^q is
written r^(q/p), and b itself r^(1/p): with r = sqrt(s), s^(3/2) is r^3 and s is r^2 (an indexed
name sigma_c alike, at its index)."""

from sympy import Add, Indexed, Pow, Rational, S, Sum

from derive.rules.base import Rewrite, Rule
from derive.rules.definitions.fold_definition import instances


def named_powers(node, context):
    """(name, b, p) of each name defined as a rational power b^p of a sum (sigma_c: at each index
    the node's inputs carry)."""
    for definition in context.definitions:
        if definition.name.args and not isinstance(definition.name, Indexed):
            continue
        for name, body in instances(definition, node):
            if isinstance(body, Pow) and isinstance(body.exp, Rational) and body.exp != 1 \
                    and isinstance(body.base, (Add, Sum)):
                yield name, body.base, body.exp


def fold_power(node, context):
    base, exponent = (node.base, node.exp) if isinstance(node, Pow) else (node, S.One)
    if not isinstance(exponent, Rational):
        return None
    for name, b, p in named_powers(base, context):
        if base == b:
            return Rewrite(name**(exponent / p), {"power": node, "name": name, "body": b**p})
    return None


fold_named_power_rule = Rule(
    name="write the power in the named part",
    law=r"r = b^{p} \Rightarrow b^{q} = r^{q/p}",
    template="{name} is defined as {body}, so {power} is a power of {name}",
    rewrite=fold_power,
    on=(Pow, Add, Sum),
)
