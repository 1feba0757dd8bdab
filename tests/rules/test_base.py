"""The type every rule is: a rule applies only at the node types it declares."""

from sympy import Add, Symbol

from derive.rules import Context, Rewrite, Rule

x, y = Symbol("x"), Symbol("y")


def recording(on):
    """A rule that rewrites every node it is asked about to 0, and the list of the nodes asked."""
    asked = []

    def rewrite(node, context):
        asked.append(node)
        return Rewrite(Symbol("zero"), {})

    return Rule(name="record", law="", template="", rewrite=rewrite, on=on), asked


def test_a_rule_does_not_apply_at_a_node_of_a_type_it_does_not_declare():
    rule, asked = recording((Symbol,))
    assert rule.apply(x + y, Context()) is None
    assert asked == []  # the rewrite function is never asked about the sum


def test_a_rule_applies_at_a_node_of_a_type_it_declares():
    rule, asked = recording((Symbol, Add))
    assert rule.apply(x, Context()) is not None and rule.apply(x + y) is not None
    assert asked == [x, x + y]


def test_a_rule_that_declares_no_type_is_asked_about_every_node():
    rule, asked = recording(())
    assert rule.apply(x + y) is not None and rule.apply(x) is not None
    assert asked == [x + y, x]
