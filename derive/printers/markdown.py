"""Markdown with LaTeX math, as GitHub and Jupyter render it.

Inline math is ``$...$``; every expression of the derivation is a ``$$`` display block on
lines of its own with a blank line before and after. Steps are numbered list items (one
list per step, started at the step's number, so a display block can follow each item).
"""

from __future__ import annotations

from derive.engine.records import Derivation
from derive.show import show_latex
from .story import (FAILED, PASSED, Block, Numbered, all_checks, blocks, derivative_latex, evidence, result_latex, sentence,
                    verdict)

_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_$<>#|"})


def text(words: str) -> str:
    """Plain words with Markdown's markup characters escaped."""
    return words.translate(_MARKUP)


def inline(expr) -> str:
    return f"${show_latex(expr)}$"


def display(latex: str) -> str:
    """A ``$$`` block with a blank line before and after."""
    return f"\n$$\n{latex}\n$$\n"


def mark(told: Numbered) -> str:
    """The checker's verdict on one step: never 'checked' unless the check passed."""
    if told.status == PASSED:
        return f"✓ checked ({text(told.check.method)})"
    if told.status == FAILED:
        return f"✗ **check FAILED** ({text(told.check.detail)})"
    return "*not checked*"


def words(told: Numbered, *, explanation: bool = False) -> str:
    """The step's sentence (or longer explanation) with inline math."""
    return "".join(text(part) if isinstance(part, str) else inline(part)
                   for part in sentence(told.step, explanation=explanation))


def step(told: Numbered, *, explain: bool = False) -> str:
    item = f"{told.number}. **{text(told.step.rule.name)}**: {words(told)}. {mark(told)}\n"
    if explain and told.step.explain():
        item += f"\n   > {words(told, explanation=True)}\n"
    return item + display(f"= {show_latex(told.step.after)}")


def block(part: Block, *, explain: bool = False) -> str:
    if part.kind == "case":
        heading = f"### Case {inline(part.relation)}"
    elif part.kind == "order":
        heading = f"### Order {part.stage}: the derivative of the result above"
    else:
        heading = "### Merging the cases" if part.kind == "merge" else "## Steps"
    return "\n".join([heading, display(show_latex(part.start)), *(step(told, explain=explain) for told in part.steps)])


def render(derivation: Derivation, *, explain: bool = False, **options) -> str:
    """The whole derivation as a Markdown document; ``explain`` adds the longer explanations."""
    parts = [f"# {text(derivation.title)}\n",
             f"We differentiate {inline(derivation.expression)} with respect to {inline(derivation.variable)}.\n"]
    for definition in derivation.definitions:
        parts.append("The function is defined by\n" + display(
            f"{show_latex(definition.name)} = {show_latex(definition.body)}"))
    if derivation.legend:
        parts.append("where\n\n" + "\n".join(f"- {inline(entry.symbol)}: {text(entry.meaning)}"
                                              for entry in derivation.legend) + "\n")
    parts.extend(block(part, explain=explain) for part in blocks(derivation))
    lhs = derivative_latex(derivation)
    parts.append("## Result\n" + display(f"{lhs} = {result_latex(derivation)}"))
    if derivation.shown_unified != derivation.shown:
        parts.append("In one expression:\n" + display(f"{lhs} = {show_latex(derivation.shown_unified)}"))
    parts.append(f"## Verification\n\n**{text(verdict(derivation))}**\n")
    if derivation.verification is not None:
        parts.extend(text(line) + "\n" for line in evidence(derivation.verification))
    parts.append("\n".join(f"- {'✓ passed' if status == PASSED else '✗ **FAILED**'}: {text(check.subject)}"
                           f" ({text(check.method)}{': ' + text(check.detail) if check.detail else ''})"
                           for check, status in all_checks(derivation)) + "\n")
    return "\n".join(parts)
