"""LaTeX: a standalone document for pdflatex, a fragment to paste, or one MathJax block.

Each block of steps is one ``align*``: the expression it starts from, then for every step
an ``\\intertext`` with the step number, the rule, its justification and the checker's
verdict, followed by ``&= <expression>`` tagged with the step number.
"""

from __future__ import annotations

import unicodedata

from derive.engine.records import Derivation
from derive.show import show_latex
from .story import (FAILED, PASSED, Block, Numbered, all_checks, blocks, derivative_latex, evidence, result_latex, sentence,
                    verdict)

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=1.5cm]{geometry}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex}
"""

# character: (in running text, in math mode)
_ESCAPES = {
    "\\": (r"\textbackslash{}", r"\backslash "), "{": (r"\{", r"\{"), "}": (r"\}", r"\}"),
    "_": (r"\_", r"\_"), "%": (r"\%", r"\%"), "&": (r"\&", r"\&"), "#": (r"\#", r"\#"),
    "$": (r"\$", r"\$"), "~": (r"\textasciitilde{}", r"\sim "), "^": (r"\textasciicircum{}", r"\wedge "),
    "–": ("--", "-"), "—": ("---", "-"), "…": (r"\ldots{}", r"\ldots "),
    "<": (r"\textless{}", "<"), ">": (r"\textgreater{}", ">"), "|": (r"\textbar{}", "|"),
    "‘": ("`", "`"), "’": ("'", "'"), "“": ("``", "``"), "”": ("''", "''"),
}
_SYMBOLS = {"≠": r"\neq", "≤": r"\le", "≥": r"\ge", "∂": r"\partial", "·": r"\cdot", "×": r"\times",
            "−": "-", "→": r"\to", "∈": r"\in", "∞": r"\infty", "∑": r"\sum", "±": r"\pm", "≈": r"\approx"}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}


def _symbol(char: str) -> str | None:
    """The math-mode command for a non-ASCII symbol or Greek letter, or None."""
    if char in _SYMBOLS:
        return _SYMBOLS[char]
    name = unicodedata.name(char, "")
    if name.startswith("GREEK ") and " LETTER " in name:
        letter = name.split(" LETTER ")[-1].split()[0].lower()
        if "CAPITAL" in name:
            return "\\" + letter.capitalize() if letter.capitalize() in _GREEK_CAPITALS else letter[0].upper()
        return "o" if letter == "omicron" else "\\" + letter
    return None


def latex_text(text: str, *, math: bool = False) -> str:
    """Plain text made safe for pdflatex, in running text or (``math``) inside math mode."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(r"\text{" + "".join(run) + "}" if math else "".join(run))
            run.clear()

    for char in text:
        if char in _ESCAPES:
            escaped = _ESCAPES[char][1 if math else 0]
        elif (command := _symbol(char)) is not None:
            escaped = command + " " if math else rf"\({command}\)"
        elif ord(char) < 128 or "LATIN" in unicodedata.name(char, ""):
            run.append(char)
            continue
        else:
            escaped = "?"
        flush()
        out.append(escaped)
    flush()
    return "".join(out)


def justification(step, *, explanation: bool = False) -> str:
    """The step's sentence (or longer explanation) in running text, each expression inline."""
    return "".join(latex_text(part) if isinstance(part, str) else rf"\({show_latex(part)}\)"
                   for part in sentence(step, explanation=explanation))


def mark(told: Numbered) -> str:
    """The verdict on one step, in running text: never 'checked' unless the check passed."""
    if told.status == PASSED:
        return rf"\(\checkmark\) checked ({latex_text(told.check.method)})"
    if told.status == FAILED:
        return rf"\textbf{{\(\times\) check FAILED}} ({latex_text(told.check.detail)})"
    return r"\textit{not checked}"


def heading(block: Block, *, math: bool = False) -> str:
    """The block's title in bold: "Case j = k", "Merging the cases" or "Shared steps"."""
    words = {"case": "Case ", "merge": "Merging the cases",
             "order": f"Order {block.stage}: the derivative of the result above"}.get(block.kind, "Shared steps")
    if block.relation is None:
        return rf"\textbf{{{words}}}"
    relation = show_latex(block.relation)
    return rf"\textbf{{{words}}}" + (relation if math else rf"\({relation}\)")


def align(block: Block, *, titled: bool, explain: bool = False) -> str:
    """One ``align*``: the start, then each step's intertext (and explanation) and expression."""
    lines = [r"\begin{align*}"]
    if titled:
        lines.append(rf"\intertext{{{heading(block)}}}")
    lines.append(rf"&\hphantom{{{{}}={{}}}}{show_latex(block.start)} \\")
    for told in block.steps:
        lines.append(rf"\intertext{{\textbf{{({told.number}) {latex_text(told.step.rule.name)}.}} "
                     rf"{justification(told.step)}. \hfill {mark(told)}}}")
        if explain and told.step.explain():
            lines.append(rf"\intertext{{\small\emph{{{justification(told.step, explanation=True)}}}}}")
        lines.append(rf"&= {show_latex(told.step.after)} \tag{{{told.number}}} \\")
    lines[-1] = lines[-1].removesuffix(r" \\")
    lines.append(r"\end{align*}")
    return "\n".join(lines)


def result_lines(derivation: Derivation) -> list[str]:
    """``lhs &= cases`` and ``&= unified`` (one line when there is no case split)."""
    lines = [rf"{derivative_latex(derivation)} &= {result_latex(derivation)}"]
    if derivation.shown_unified != derivation.shown:
        lines.append(rf"&= {show_latex(derivation.shown_unified)}")
    return lines


def result(derivation: Derivation) -> str:
    return "\\begin{align*}\n" + " \\\\\n".join(result_lines(derivation)) + "\n\\end{align*}"


def mathjax(derivation: Derivation) -> str:
    """A single ``$$\\begin{aligned}`` block for MathJax: each step labelled with its rule."""
    lines = []
    for block in blocks(derivation):
        if block.kind != "shared":
            lines.append(rf"&{heading(block, math=True)} \\")
        lines.append(rf"&\hphantom{{{{}}={{}}}}{show_latex(block.start)} \\")
        for told in block.steps:
            label = latex_text(f"({told.number}) {told.step.rule.name} ", math=True)
            status = {PASSED: r"\checkmark", FAILED: r"\times\,\textbf{FAILED}"}.get(
                told.status, latex_text(told.status, math=True))
            lines.append(rf"&= {show_latex(told.step.after)} && {label}{status} \\")
    lines.append(r"&\textbf{Result} \\")
    lines.extend(line + r" \\" for line in result_lines(derivation))
    lines.append("&" + latex_text(verdict(derivation), math=True))
    return "$$\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}$$"


def document(derivation: Derivation, *, explain: bool = False) -> str:
    """A complete article: definition, legend, steps, result and verification."""
    parts = [PREAMBLE, r"\begin{document}", rf"\section*{{{latex_text(derivation.title)}}}",
             rf"We differentiate \({show_latex(derivation.expression)}\) with respect to "
             rf"\({show_latex(derivation.variable)}\).", ""]
    for definition in derivation.definitions:
        parts.append(r"The function is defined by")
        parts.append(rf"\[ {show_latex(definition.name)} = {show_latex(definition.body)} \]")
    if derivation.legend:
        parts.append(r"where\begin{itemize}")
        parts.extend(rf"\item \({show_latex(entry.symbol)}\): {latex_text(entry.meaning)}"
                     for entry in derivation.legend)
        parts.append(r"\end{itemize}")
    for block in blocks(derivation):
        parts.append(rf"\subsection*{{{heading(block)}}}")
        parts.append(align(block, titled=False, explain=explain))
    parts += [r"\section*{Result}", result(derivation), r"\section*{Verification}",
              rf"\textbf{{{latex_text(verdict(derivation))}}}"]
    if derivation.verification is not None:
        parts.extend(latex_text(line) + "\n" for line in evidence(derivation.verification))
    checks = [rf"\item \textbf{{{status}}}: {latex_text(check.subject)} --- {latex_text(check.method)}"
              + (rf": {latex_text(check.detail)}" if check.detail else "")
              for check, status in all_checks(derivation)]
    if checks:
        parts += [r"\begin{itemize}", *checks, r"\end{itemize}"]
    return "\n".join([*parts, r"\end{document}", ""])


def render(derivation: Derivation, *, fragment: bool = False, display: bool = False,
           explain: bool = False) -> str:
    """The derivation in LaTeX: a document, or (``fragment``) only the mathematics.

    ``display`` gives one ``$$ aligned $$`` block that MathJax renders (steps labelled by
    rule, without sentences); ``explain`` adds the longer explanation under the steps that
    have one.
    """
    if display:
        return mathjax(derivation)
    if fragment:
        aligned = [align(block, titled=block.kind != "shared", explain=explain) for block in blocks(derivation)]
        return "\n".join([*aligned, result(derivation), ""])
    return document(derivation, explain=explain)
