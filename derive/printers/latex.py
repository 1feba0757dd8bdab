"""LaTeX: a standalone document for pdflatex, a fragment to paste, or one MathJax block.

Each step is a paragraph (its number, the rule, the checker's verdict and its justification),
then the part the rule worked on as a small equation of its own (node = replacement), then the
whole expression with that part highlighted, broken into lines at its top-level + and -. The
document fits each line to the page (scaled down only when a single term is wider than it); the
fragment uses only what KaTeX and MathJax 3 read as well as pdflatex (no intertext, no hfill,
no tags; colour by name).
"""

from __future__ import annotations

import unicodedata

from derive.engine.records import Derivation
from derive.memory import texts
from .check import summary
from .focus import focus
from .latex_math import LINE, Tex, width
from .story import (FAILED, PASSED, Block, Numbered, blocks, evidence, focus_after, focus_chain, lemma_heading,
                    lemma_verdict, sentence, verdict)

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage{color,graphicx}
\usepackage[margin=1.5cm]{geometry}
\allowdisplaybreaks
\AtBeginDocument{\raggedright}% an expression in the text may not be cut: the line before it ends short
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex}
\definecolor{focus}{rgb}{1,0.9,0.55}
% \derivefit{math}: the math as it is, or scaled down to the line when it is wider
\newsavebox{\derivebox}
\newcommand{\derivefit}[1]{\sbox{\derivebox}{$\displaystyle #1$}%
\ifdim\wd\derivebox>\dimexpr\linewidth-7em\relax\resizebox{\dimexpr\linewidth-7em\relax}{!}{\usebox{\derivebox}}%
\else\usebox{\derivebox}\fi}
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


def _superscripts(text: str) -> list[str]:
    """``text`` cut at each caret: "e^(-x)" gives "e", "^-x"; "x^2 y" gives "x", "^2", " y"."""
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "^" and i + 1 < len(text):
            end = i + 1
            if text[end] == "(":
                depth = 0
                while end < len(text):
                    depth += {"(": 1, ")": -1}.get(text[end], 0)
                    end += 1
                    if depth == 0:
                        break
                raised = text[i + 2:end - 1] if depth == 0 else text[i + 1:end]
            else:
                while end < len(text) and (text[end].isalnum() or text[end] in "-."):
                    end += 1
                raised = text[i + 1:end]
            parts += [text[start:i], "^" + raised]
            start = i = end
        else:
            i += 1
    return [part for part in [*parts, text[start:]] if part]


def latex_text(text: str, *, math: bool = False) -> str:
    """Plain text made safe for pdflatex, in running text or (``math``) inside math mode; in
    running text a caret raises what follows it (e^(-x) is e with -x raised), as it reads.
    Remembered for each text (a rule's name and the words of its sentence recur step after step)."""
    known = texts("latex text in math" if math else "latex text")
    found = known.get(text)
    if found is None:
        found = known[text] = _latex_text(text, math=math)
    return found


def _latex_text(text: str, *, math: bool) -> str:
    if not math and "^" in text:
        return "".join(rf"\textsuperscript{{{latex_text(part[1:])}}}" if part.startswith("^") and len(part) > 1
                       else latex_text(part) if not part.startswith("^") else latex_text(part[1:])
                       for part in _superscripts(text))
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


def justification(step, tex: Tex, *, explanation: bool = False, portable: bool = True) -> str:
    """The step's sentence (or longer explanation) in running text, each expression inline
    (in the document a long one is kept within the line)."""
    return "".join(latex_text(part) if isinstance(part, str) else rf"\({tex(part)}\)" if portable else inline(tex(part))
                   for part in sentence(step, explanation=explanation))


def mark(told: Numbered) -> str:
    """The verdict on one step, in running text: never 'checked' unless the check passed."""
    if told.status == PASSED:
        return rf"\(\checkmark\) checked ({latex_text(told.check.method)})"
    if told.status == FAILED:
        return rf"\textbf{{\(\times\) check FAILED}} ({latex_text(told.check.detail)})"
    return r"\textit{not checked}"


def heading(block: Block, tex: Tex, *, math: bool = False) -> str:
    """The block's title in bold: "Case j = k", "Merging the cases" or "Shared steps"."""
    words = {"case": "Case ", "merge": "Merging the cases",
             "order": f"Order {block.stage}: the derivative of the result above"}.get(block.kind, "Shared steps")
    if block.relation is None:
        return rf"\textbf{{{words}}}"
    relation = tex(block.relation)
    order = rf"\textbf{{, order {block.stage}}}" if block.continued else ""
    return rf"\textbf{{{words}}}" + (relation if math else rf"\({relation}\)") + order


def display(rows: list[str], *, portable: bool, tag: int | None = None) -> str:
    r"""Lines of math (the first may start with ``left =``, the others with = or an indent) as
    one display: in the document one column of ``align*``, each line fitted to the page, the
    last tagged; in the portable fragment ``\[ aligned \]``."""
    if portable:
        return "\\[\n\\begin{aligned}\n" + " \\\\\n".join("& " + row for row in rows) + "\n\\end{aligned}\n\\]"
    fitted = ["& " + _fit(row) for row in rows]
    if tag is not None:
        fitted[-1] += rf" \tag{{{tag}}}"
    return "\\begin{align*}\n" + " \\\\\n".join(fitted) + "\n\\end{align*}"


def _fit(row: str) -> str:
    """A line fitted to the page, its leading = or indent kept outside the box."""
    lead = "= " if row.startswith("= ") else "\\quad " if row.startswith("\\quad ") else ""
    return lead + "\\derivefit{" + row[len(lead):] + "}"


def equation(left: str, right: list[str]) -> list[str]:
    """``left = right`` as lines, ``right`` already cut into lines; ``left`` on a line of its own
    when it and the first line would not fit together, and no ``left`` when it is empty."""
    if not left:
        first = [f"= {right[0]}"]
    elif width(left) + width(right[0]) <= LINE:
        first = [f"{left} = {right[0]}"]
    else:
        first = [left, f"= {right[0]}"]
    return first + [rf"\quad {line}" for line in right[1:]]


def inline(tex_: str) -> str:
    """An expression in running text; a long one displayed on its own line within the sentence,
    fitted to the page (in a line of text it could not be broken)."""
    return rf"\[\derivefit{{{tex_}}}\]" if width(tex_) > LINE // 2 else rf"\({tex_}\)"


def step_lines(told: Numbered, tex: Tex, *, portable: bool, explain: bool) -> list[str]:
    """One step: its paragraph, its focus (node = replacement, and what that became when steps
    were folded in after it), the steps folded in, one line each, and the whole expression after
    them with the focus highlighted (left out when the focus is the whole expression)."""
    step = told.step
    # the verdict follows the rule's name: at the end of a paragraph that ends in a display it
    # could find no line of its own
    parts = [rf"\textbf{{({told.number}) {latex_text(step.rule.name)}.}} {mark(told)}. "
             rf"{justification(step, tex, portable=portable)}."]
    if explain and step.explain():
        parts.append(rf"{{\small\emph{{{justification(step, tex, explanation=True, portable=portable)}}}}}")
    chain = focus_chain(told)
    whole = not chain
    if whole:
        parts.append(display(equation(tex(step.node), tex.lines(told.after)), portable=portable, tag=told.number))
    else:
        right = tex.lines(chain[1])
        for later in chain[2:]:
            right = right[:-1] + [right[-1] + " = " + tex(later)] if len(right) == 1 else right + [f"= {tex(later)}"]
        parts.append(display(equation(tex(chain[0]), right), portable=portable))
    for item in told.folded:
        said = (rf" \({tex(item.step.node)} = {tex(item.step.replacement)}\)"
                if item.step.replacement is not None else "")
        parts.append(rf"\quad with the {latex_text(item.step.rule.name)} (step {item.number}):{said} {mark(item)}.")
    if not whole:
        shown = focus_after(told)
        rows = equation("", tex.lines(told.after, focus(shown) if shown is not None else None))
        parts.append(display(rows, portable=portable, tag=told.number))
    return parts


def block_lines(block: Block, tex: Tex, *, portable: bool, explain: bool, titled: bool) -> list[str]:
    parts = [rf"\subsection*{{{heading(block, tex)}}}" if not portable else heading(block, tex)] if titled else []
    parts.append(display(tex.lines(block.start), portable=portable))
    for told in block.steps:
        parts.extend(step_lines(told, tex, portable=portable, explain=explain))
    return parts


def derivative_tex(derivation: Derivation, tex: Tex) -> str:
    """The derivative being taken: ∂S_ij/∂z_ik when the function has a name."""
    if derivation.name is not None:
        return rf"\frac{{\partial {tex(derivation.name)}}}{{\partial {tex(derivation.variable)}}}"
    return tex(derivation.asked if derivation.order > 1 else derivation.start)


def result_rows(derivation: Derivation, tex: Tex) -> list[str]:
    """``lhs = cases`` (or the expression, in lines) and ``= unified`` when the cases merge."""
    if derivation.cases:
        cases = [rf"{tex(case.shown)} & \text{{for }} {tex(case.relation)}" for case in derivation.cases]
        rows = [rf"{derivative_tex(derivation, tex)} = \begin{{cases}} " + r" \\ ".join(cases) + r" \end{cases}"]
    else:
        rows = equation(derivative_tex(derivation, tex), tex.lines(derivation.shown))
    if derivation.shown_unified != derivation.shown:
        rows += equation("", tex.lines(derivation.shown_unified))
    return rows


def result(derivation: Derivation, tex: Tex, *, portable: bool) -> str:
    return display(result_rows(derivation, tex), portable=portable)


def checks_lines(derivation: Derivation) -> list[str]:
    """The verdict, what it rests on, and one line per kind of check (the detail of every
    check is in ``--format json``)."""
    parts = [rf"\textbf{{{latex_text(verdict(derivation))}}}"]
    if derivation.verification is None:
        return parts
    parts.extend(latex_text(line) + "\n" for line in evidence(derivation.verification))
    failed = r"\textbf{FAILED} "
    lines = [rf"\item {'' if passed else failed}{latex_text(line)}" for passed, line in summary(derivation.verification)]
    parts += [r"\begin{itemize}", *lines, r"\end{itemize}",
              r"Every check, one by one, with its points and seed: \texttt{--format json}."]
    return parts


def mathjax(derivation: Derivation) -> str:
    """A single ``$$\\begin{aligned}`` block for MathJax: each step labelled with its rule."""
    tex = Tex("yellow")
    lines = []
    for block in blocks(derivation):
        if block.kind != "shared":
            lines.append(rf"&{heading(block, tex, math=True)} \\")
        lines.append(rf"&\hphantom{{{{}}={{}}}}{tex(block.start)} \\")
        for told in block.steps:
            label = latex_text(f"({told.number}) {told.step.rule.name} ", math=True)
            status = {PASSED: r"\checkmark", FAILED: r"\times\,\textbf{FAILED}"}.get(
                told.status, latex_text(told.status, math=True))
            first, *rest = tex.lines(told.step.after)
            lines.append(rf"&= {first} && {label}{status} \\")
            lines.extend(rf"&\quad {line} \\" for line in rest)
    lines.append(r"&\textbf{Result} \\")
    lines.extend("&" + row + r" \\" for row in result_rows(derivation, tex))
    lines.append("&" + latex_text(verdict(derivation), math=True))
    return "$$\\begin{aligned}\n" + "\n".join(lines) + "\n\\end{aligned}$$"


def document(derivation: Derivation, *, explain: bool = False, detail: str = "full") -> str:
    """A complete article: definition, legend, steps, result and verification."""
    tex = Tex("focus")
    parts = [PREAMBLE, r"\begin{document}", rf"\section*{{{latex_text(derivation.title)}}}",
             rf"We differentiate {inline(tex(derivation.expression))} with respect to "
             rf"\({tex(derivation.variable)}\).", ""]
    for definition in derivation.definitions:
        parts.append(r"The function is defined by")
        parts.append(rf"\[ {tex(definition.name)} = {tex(definition.body)} \]")
    if derivation.legend:
        parts.append(r"where\begin{itemize}")
        parts.extend(rf"\item \({tex(entry.symbol)}\): {latex_text(entry.meaning)}" for entry in derivation.legend)
        parts.append(r"\end{itemize}")
    for lemma in derivation.lemmas:
        parts.append(rf"\subsection*{{{latex_text(lemma_heading(lemma))}}}")
        for block in blocks(lemma, detail):
            parts.extend(block_lines(block, tex, portable=False, explain=explain, titled=block.kind != "shared"))
        parts += [result(lemma, tex, portable=False), rf"\textbf{{{lemma_verdict(lemma)}}}", ""]
    for block in blocks(derivation, detail):
        parts.append(rf"\subsection*{{{heading(block, tex)}}}")
        parts.extend(block_lines(block, tex, portable=False, explain=explain, titled=False))
    parts += [r"\section*{Result}", result(derivation, tex, portable=False), r"\section*{Verification}",
              *checks_lines(derivation)]
    return "\n".join([*parts, r"\end{document}", ""])


def portable_fragment(derivation: Derivation, *, explain: bool = False, detail: str = "full") -> str:
    r"""Only the steps and the result, in LaTeX that KaTeX and MathJax 3 read as well as pdflatex
    (with amsmath and color): paragraphs of text, and ``\[ \begin{aligned} ... \]`` displays."""
    tex = Tex("yellow")
    parts = ["% derive: paste into a document with \\usepackage{amsmath,amssymb,color}, or a KaTeX or MathJax note"]
    for lemma in derivation.lemmas:
        parts.append(rf"\textbf{{{latex_text(lemma_heading(lemma))}}}")
        for block in blocks(lemma, detail):
            parts.extend(block_lines(block, tex, portable=True, explain=explain, titled=block.kind != "shared"))
        parts += [result(lemma, tex, portable=True), rf"\textbf{{{lemma_verdict(lemma)}}}"]
    for block in blocks(derivation, detail):
        parts.extend(block_lines(block, tex, portable=True, explain=explain, titled=block.kind != "shared"))
    parts += [r"\textbf{Result}", result(derivation, tex, portable=True), ""]
    return "\n\n".join(parts)


def render(derivation: Derivation, *, fragment: bool = False, display: bool = False,
           explain: bool = False, detail: str = "normal", **options) -> str:
    """The derivation in LaTeX: a document, or (``fragment``) only the mathematics.

    ``display`` gives one ``$$ aligned $$`` block that MathJax renders (steps labelled by
    rule, without sentences); ``explain`` adds the longer explanation under the steps that
    have one; ``detail`` (brief, normal, full) which steps are told on their own (see
    `derive.printers.story.fold`). Options of other printers (``linear``) are ignored.
    """
    if display:
        return mathjax(derivation)
    if fragment:
        return portable_fragment(derivation, explain=explain, detail=detail)
    return document(derivation, explain=explain, detail=detail)
