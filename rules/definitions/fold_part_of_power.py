"""fold into a definition, taking part of a power: with y_j defined as x_j / n, the product
x_j x_k / n^3 holds y_j once, and is written y_j x_k / n^2; a factor of the definition must stand
in the node to a power of the same sign, at least as large."""

from sympy import Mul

from derive.rules.base import Rule
from derive.rules.definitions.fold_definition import fold


def part_of(wanted, present) -> bool:
    """Whether the power ``wanted`` of a base is part of the power ``present`` (n^-1 of n^-3)."""
    if wanted == present:
        return True
    if not (getattr(wanted, "is_Number", False) and getattr(present, "is_Number", False)):
        return False
    return (wanted > 0) == (present > 0) and abs(wanted) <= abs(present)


def fold_part_of_power(node, context):
    return fold(node, context, part_of)


fold_part_of_power_rule = Rule(
    name="fold into the definition, from a power",
    law=r"\frac{x_j x_k}{n^3} = y_j \frac{x_k}{n^2} \text{ when } y_j = \frac{x_j}{n}",
    template="{body} is the definition of {name}, and it is part of this product, so it is written {name}",
    rewrite=fold_part_of_power,
    on=(Mul,),
)
