"""Markdown with LaTeX math, as GitHub and Jupyter render it.

Inline math is ``$...$``; every expression of the derivation is a ``$$`` display block on
lines of its own with a blank line before and after. Steps are numbered list items (one
list per step, started at the step's number, so a display block can follow each item).
"""

from __future__ import annotations

from derive.engine.records import Derivation
from derive.show import show_latex
from .focus import spans
from .story import (FAILED, PASSED, Block, Numbered, all_checks, blocks, derivative_latex, evidence, focus_chain,
                    focus_parts, lemma_heading, lemma_verdict, result_latex, sentence, verdict)

COLOR = "teal"  # the focus of a step in the whole expression, as MathJax and KaTeX colour it
LONG = 1_500  # characters of LaTeX: a whole expression longer than this is shown only in full detail

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


def highlighted(latex: str, marks) -> str:
    """``latex`` with each (start, end) of ``marks`` coloured."""
    for start, end in sorted(marks, reverse=True):
        latex = f"{latex[:start]}{{\\color{{{COLOR}}}{{{latex[start:end]}}}}}{latex[end:]}"
    return latex


def folded(told: Numbered) -> str:
    """Which steps were folded into this one, and what each did."""
    said = []
    for item in told.folded:
        step_ = item.step
        focus = (f": {inline_equation(step_.node, step_.replacement)}" if step_.replacement is not None else "")
        said.append(f"the {text(step_.rule.name)} (step {item.number}){focus}")
    return " (with " + "; ".join(said) + ")"


def inline_equation(left, right) -> str:
    return f"${show_latex(left)} = {show_latex(right)}$"


def whole(told: Numbered, detail: str) -> str:
    """The whole expression after the step, its focus coloured; a long one only in full detail,
    or where the rule worked on the whole."""
    latex = show_latex(told.after)
    if not focus_chain(told):
        return display(f"= {latex}")
    if len(latex) > LONG and detail != "full":
        return f"\n(The whole expression, {len(latex):,} characters of LaTeX, is shown with --detail full.)\n"
    pieces = focus_parts(told)
    marks = spans(latex, [show_latex(piece) for piece in pieces]) if pieces else ()
    return display(f"= {highlighted(latex, marks)}")


def step(told: Numbered, *, explain: bool = False, detail: str = "normal") -> str:
    item = (f"{told.number}. **{text(told.step.rule.name)}**: {words(told)}"
            f"{folded(told) if told.folded else ''}. {mark(told)}\n")
    if explain and told.step.explain():
        item += f"\n   > {words(told, explanation=True)}\n"
    focus = focus_chain(told)
    if focus:
        item += display(" = ".join(show_latex(side) for side in focus))
    return item + whole(told, detail)


def block(part: Block, *, explain: bool = False, detail: str = "normal", steps: str = "## Steps") -> str:
    if part.kind == "case":
        heading = f"### Case {inline(part.relation)}" + (f", order {part.stage}" if part.continued else "")
    elif part.kind == "order":
        heading = f"### Order {part.stage}: the derivative of the result above"
    else:
        heading = "### Merging the cases" if part.kind == "merge" else steps
    return "\n".join([heading, display(show_latex(part.start)),
                      *(step(told, explain=explain, detail=detail) for told in part.steps)])


def render(derivation: Derivation, *, explain: bool = False, detail: str = "normal", **options) -> str:
    """The whole derivation as a Markdown document; ``explain`` adds the longer explanations;
    the steps are told at ``detail`` (brief, normal or full), each with its focus: the part the
    rule rewrote, before and after, then the whole expression with that part coloured."""
    parts = [f"# {text(derivation.title)}\n",
             f"We differentiate {inline(derivation.expression)} with respect to {inline(derivation.variable)}.\n"]
    for definition in derivation.definitions:
        parts.append("The function is defined by\n" + display(
            f"{show_latex(definition.name)} = {show_latex(definition.body)}"))
    if derivation.legend:
        parts.append("where\n\n" + "\n".join(f"- {inline(entry.symbol)}: {text(entry.meaning)}"
                                              for entry in derivation.legend) + "\n")
    for lemma in derivation.lemmas:
        parts.append(f"## {text(lemma_heading(lemma))}\n")
        parts.extend(block(part, explain=explain, detail=detail, steps="### Its steps")
                     for part in blocks(lemma, detail))
        parts.append(display(f"{derivative_latex(lemma)} = {show_latex(lemma.shown_unified)}")
                     + f"\n**{lemma_verdict(lemma)}**\n")
    parts.extend(block(part, explain=explain, detail=detail) for part in blocks(derivation, detail))
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
