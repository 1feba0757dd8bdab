"""unfold a named part under a derivative: when mu is defined as sum_l x_l / N, the derivative of an
expression holding mu is the derivative of the same expression with mu written out, one name at a
time. The names outside every derivative stay as they are; the result is folded back into them.
A name that is a function applied to its argument (sigma(x)) is differentiated by a rule of its
own (the sigmoid's proven derivative), not unfolded; nor is a part kept by the context (whose
derivative was proven on its own, a lemma: see derive/engine/lemmas.py)."""

from sympy import Derivative, Indexed

from derive.rules.base import Rewrite, Rule
from derive.rules.forms import d, depends_on, derivative_parts


def _unfolded(expr, definitions):
    """``expr`` with every name written out (the definitions come latest first: one pass does)."""
    for definition in definitions:
        expr = definition.unfold(expr)
    return expr


def unfold_definition(node, context):
    parts = derivative_parts(node)
    if parts is None or not context.definitions:
        return None
    f, x = parts
    for definition in context.definitions:
        if definition.name.args and not isinstance(definition.name, Indexed) or definition.name in context.kept:
            continue  # a function (sigma(x)), or a part whose derivative is proven on its own (a lemma)
        instances = f.find(definition.is_instance)
        varying = [instance for instance in sorted(instances, key=str)
                   if depends_on(_unfolded(instance, context.definitions), x)]
        if not varying:
            continue
        name = varying[0]
        body = definition.unfold(name)
        return Rewrite(d(f.xreplace({name: body}), x), {"name": name, "body": body, "x": x})
    return None


unfold_definition_rule = Rule(
    name="unfold the definition",
    law=r"\frac{d}{dx} F(\mu) = \frac{d}{dx} F(\text{the body of } \mu)",
    template="{name} stands for {body}, which depends on {x}: under the derivative it is written out",
    rewrite=unfold_definition,
    on=(Derivative,),
)
