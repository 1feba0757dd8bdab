"""The rules are found by reading the package, never listed by hand: each has one home, a test of
its own, and a section that gives it by name."""

import ast
from pathlib import Path

import pytest
from sympy import Integer, Symbol, exp

from derive.rules import every_rule, rules_in
from derive.rules.calculus.product_rule import product_rule
from derive.rules.discovery import PACKAGE, modules, rules_of

TESTS = Path(__file__).resolve().parent  # tests/rules, laid out as rules/ is

SECTIONS = sorted({module.__name__[len(PACKAGE) + 1:].rpartition(".")[0] for module in modules()
                   if module.__name__.count(".") > 2 and not hasattr(module, "__path__")})


def homes():
    """(module, rule) for each rule the package binds, for each module that binds it."""
    return [(module, rule) for module in modules() for rule in rules_of(module).values()]


def test_every_rule_is_found_once_under_a_name_of_its_own():
    rules = every_rule()
    assert rules and len({id(rule) for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)


def test_every_rule_has_one_home():
    """A rule is bound in the module that makes it, and no other module binds it again."""
    seen = {}
    for module, rule in homes():
        home = seen.setdefault(id(rule), module.__name__)
        assert home == module.__name__, (rule.name, home, module.__name__)


def test_the_sections_are_the_folders_of_rules():
    assert {"calculus", "functions", "sums", "cases", "algebra", "definitions"} <= set(SECTIONS)
    assert "for_functions.softmax" in SECTIONS and "for_functions.sigmoid" in SECTIONS


def test_every_rule_is_in_a_section_by_its_name():
    found = {id(rule) for section in SECTIONS for rule in rules_in(section)}
    assert found == {id(rule) for rule in every_rule()}
    assert rules_in("calculus").product_rule is product_rule


def test_a_rule_a_section_does_not_have_is_named_with_the_section():
    with pytest.raises(AttributeError, match=r"no rule named product_rule in rules/algebra/ \(its rules: "):
        rules_in("algebra").product_rule


@pytest.mark.parametrize("module", sorted({module.__name__ for module, _ in homes()}))
def test_every_rule_file_has_its_test_with_a_case_where_the_rule_does_not_apply(module):
    """rules/calculus/product_rule.py is tested by tests/rules/calculus/test_product_rule.py, which has
    a test that the rule does not apply somewhere."""
    *folders, name = module[len(PACKAGE) + 1:].split(".")
    test = TESTS.joinpath(*folders, f"test_{name}.py")
    assert test.exists(), f"{module} has no test {test.relative_to(TESTS.parent.parent)}"
    tests = [node.name for node in ast.walk(ast.parse(test.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
    assert any("does_not_apply" in name for name in tests), tests


OTHER_NODES = (Symbol("x"), Integer(2), Symbol("x") + 1, 2 * Symbol("x"), exp(Symbol("x")))


@pytest.mark.parametrize("rule", every_rule(), ids=lambda rule: rule.name)
def test_every_rule_does_not_apply_at_a_node_of_a_type_it_does_not_declare(rule):
    assert rule.on, "every rule declares the node types it looks at"
    others = [node for node in OTHER_NODES if not isinstance(node, rule.on)]
    assert others and all(rule.apply(node) is None for node in others)
