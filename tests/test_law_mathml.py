"""A rule's law on the HTML page is MathML read from its LaTeX, never the LaTeX source itself."""

import importlib
import pkgutil
import xml.etree.ElementTree as ET

import pytest

import derive.rules as rules_package
from derive.printers.law_mathml import NotInLaws, law_mathml
from derive.rules.base import Rule


def every_rule_law() -> set[str]:
    laws = set()
    for module in pkgutil.walk_packages(rules_package.__path__, rules_package.__name__ + "."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Rule):
                laws.add(value.law)
    return laws


def parsed(law: str) -> ET.Element:
    return ET.fromstring(f"<math>{law_mathml(law)}</math>")


def test_every_rules_law_is_read_into_well_formed_mathml():
    laws = every_rule_law()
    assert len(laws) > 50
    for law in laws:
        for element in parsed(law).iter():
            if element.tag != "mo":  # an operator may be a brace: the one of cases
                assert not any(mark in (element.text or "") for mark in "\\{}^_&"), law


def test_a_fraction_a_sum_with_limits_and_cases_become_their_mathml_elements():
    tree = parsed(r"\frac{\partial S_j}{\partial z_k} = \begin{cases} S_j (1 - S_k) & j = k \\ -S_j S_k & j \ne k \end{cases}")
    assert tree.find(".//mfrac") is not None and len(tree.findall(".//mtr")) == 2
    assert [len(row.findall("mtd")) for row in tree.findall(".//mtr")] == [2, 2]
    assert "≠" in "".join(tree.itertext())
    limits = parsed(r"\sum_{m=1}^{N} c = N c").find(".//munderover")
    assert limits is not None and "".join(limits.itertext()) == "∑m=1N"
    assert parsed(r"\operatorname{arcsec} g").find(".//mi").text == "arcsec"


@pytest.mark.parametrize("law", [r"\unknowncommand x", r"\frac{a}{b", r"x^", r"\begin{matrix} a \end{matrix}",
                                 r"\left\langle x \right\rangle", "a & b", "x}"])
def test_latex_outside_the_laws_part_is_refused_not_shown_wrong(law):
    with pytest.raises(NotInLaws):
        law_mathml(law)


def test_the_html_page_shows_each_law_as_math_and_keeps_the_source_only_for_a_law_it_cannot_read():
    from derive.printers import render
    from derive.printers.html import _law
    import derive

    page = render(derive.softmax(), "html")
    assert 'class="law">The law: <math>' in page
    assert 'class="law">The law: <code>' not in page
    assert _law(r"\unknowncommand x") == r"<code>\unknowncommand x</code>"
