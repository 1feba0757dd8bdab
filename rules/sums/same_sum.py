"""one letter for one sum: sum_m x_m and sum_l x_l are the same sum, the summation index a
dummy letter; written with one letter, equal sums among the terms cancel or add up"""

from sympy import Add, Dummy, Mul, Sum

from derive.rules.base import Rewrite, Rule

_PLACE = Dummy("place", integer=True)


def _key(total):
    """The sum with its index replaced by one fixed dummy: the same key for the same sum."""
    (m, a, b), = total.limits
    return total.function.xreplace({m: _PLACE}), a, b


def same_sum(node, context):
    """At a sum of terms, the first two sums standing as factors of its terms that differ only in
    the letter of their index: the later one is written with the earlier one's letter."""
    seen = {}
    for term in node.args:
        for total in Mul.make_args(term):
            if not isinstance(total, Sum) or len(total.limits) != 1:
                continue
            first = seen.setdefault(_key(total), total)
            if first != total:
                (m, _, _), (l, _, _) = total.limits[0], first.limits[0]
                return Rewrite(node.xreplace({total: first}), {"one": total, "other": first, "m": m, "l": l})
    return None


same_sum_rule = Rule(
    name="one letter for one sum",
    law=r"\sum_{m} x_m = \sum_{l} x_l",
    template="{one} and {other} are the same sum, {m} and {l} only names for its index: it is written {other}",
    rewrite=same_sum,
    on=(Add,),
)
