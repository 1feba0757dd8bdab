"""write a power in a named part: when r is defined as b^p (r = sqrt(b), p = 1/2), the power b^q is
written r^(q/p), and b itself r^(1/p): with r = sqrt(s), s^(3/2) is r^3 and s is r^2."""

from sympy import Add, Pow, Rational, S, Sum

from derive.rules.base import Rewrite, Rule


def named_powers(context):
    """(name, b, p) of each plain name defined as a rational power b^p of a sum."""
    for definition in context.definitions:
        body = definition.body
        if definition.index == () and not definition.name.args and isinstance(body, Pow) \
                and isinstance(body.exp, Rational) and body.exp != 1 and isinstance(body.base, (Add, Sum)):
            yield definition.name, body.base, body.exp


def fold_power(node, context):
    base, exponent = (node.base, node.exp) if isinstance(node, Pow) else (node, S.One)
    if not isinstance(exponent, Rational):
        return None
    for name, b, p in named_powers(context):
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
