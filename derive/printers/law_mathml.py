"""A rule's law, written in LaTeX in the rule, as presentation MathML for the HTML page.

The laws are the project's own strings (never user text), written in a small part of LaTeX:
fractions, roots, sums, powers and subscripts, named functions, Greek letters, a few relations,
spaces and `cases`. This reads exactly that part and refuses anything else (`NotInLaws`), so a new
law in a form it does not know is caught by the test that reads every rule's law, not shown wrong.
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["law_mathml", "NotInLaws"]


class NotInLaws(ValueError):
    """LaTeX outside the part the laws are written in."""


GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "mu": "μ", "pi": "π",
         "sigma": "σ", "theta": "θ", "lambda": "λ", "tau": "τ", "phi": "φ", "psi": "ψ", "Sigma": "Σ", "Delta": "Δ",
         "Gamma": "Γ"}
SYMBOLS = {"ne": "≠", "neq": "≠", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "Rightarrow": "⇒",
           "cdot": "·", "partial": "∂", "to": "→", "infty": "∞", "pm": "±", "times": "×", "in": "∈"}
NAMED = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "arcsin",
         "arccos", "arctan", "log", "ln", "exp", "max", "min"}
SPACES = {",": "0.17em", ";": "0.28em", "quad": "1em", "qquad": "2em", " ": "0.25em"}
LARGE = {"sum": "∑", "prod": "∏"}

_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\s+)|([A-Za-z])|([0-9]+(?:\.[0-9]+)?)|(.)")


def _tokens(text: str) -> list[tuple[str, str]]:
    found = []
    for command, space, letter, number, other in _TOKEN.findall(text):
        if command:
            found.append(("command", command))
        elif letter:
            found.append(("letter", letter))
        elif number:
            found.append(("number", number))
        elif other:
            found.append(("char", other))
    return found


class _Reader:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def expect(self, kind: str, value: str) -> None:
        if self.take() != (kind, value):
            raise NotInLaws(f"expected {value!r}")

    def raw_group(self) -> str:
        """The letters of a {name} argument, as written."""
        self.expect("char", "{")
        parts = []
        while self.peek() != ("char", "}"):
            kind, value = self.take()
            if kind is None:
                raise NotInLaws("an unclosed {")
            parts.append(value if kind != "command" else "\\" + value)
        self.take()
        return "".join(parts)

    def argument(self) -> str:
        """One argument: a {group} or a single token."""
        if self.peek() == ("char", "{"):
            self.take()
            inside = self.sequence(stop={("char", "}")})
            self.expect("char", "}")
            return _row(inside)
        return self.atom()

    def sequence(self, stop=frozenset()) -> list[str]:
        items: list[str] = []
        while self.peek()[0] is not None and self.peek() not in stop:
            kind, value = self.peek()
            if kind == "char" and value in "^_":
                if not items:
                    raise NotInLaws(f"{value} with nothing before it")
                items.append(self.scripts(items.pop()))
            else:
                items.append(self.atom())
        return items

    def scripts(self, base: str) -> str:
        below = above = None
        while self.peek() in (("char", "^"), ("char", "_")):
            _, which = self.take()
            if which == "_":
                below = self.argument()
            else:
                above = self.argument()
        large = base.startswith("<mo largeop")
        if below is not None and above is not None:
            return f"<{'munderover' if large else 'msubsup'}>{base}{below}{above}</{'munderover' if large else 'msubsup'}>"
        if below is not None:
            return f"<{'munder' if large else 'msub'}>{base}{below}</{'munder' if large else 'msub'}>"
        return f"<{'mover' if large else 'msup'}>{base}{above}</{'mover' if large else 'msup'}>"

    def atom(self) -> str:
        kind, value = self.take()
        if kind == "letter":
            return f"<mi>{value}</mi>"
        if kind == "number":
            return f"<mn>{value}</mn>"
        if kind == "char":
            if value == "{":
                inside = self.sequence(stop={("char", "}")})
                self.expect("char", "}")
                return _row(inside)
            if value in "()[]|+=<>,;:!'/":
                return f"<mo>{escape(value)}</mo>"
            if value == "-":
                return "<mo>−</mo>"
            if value == "&":
                raise NotInLaws("& outside cases")
            raise NotInLaws(f"the character {value!r}")
        if kind == "command":
            return self.command(value)
        raise NotInLaws("the law ends too early")

    def command(self, name: str) -> str:
        if name == "frac":
            top = self.argument()
            return f"<mfrac>{top}{self.argument()}</mfrac>"
        if name == "sqrt":
            return f"<msqrt>{self.argument()}</msqrt>"
        if name in ("operatorname", "mathrm"):
            return f"<mi>{escape(self.raw_group())}</mi>"
        if name == "text":
            return f"<mtext>{escape(self.raw_group())}</mtext>"
        if name in NAMED:
            return f"<mi>{name}</mi>"
        if name in GREEK:
            return f"<mi>{GREEK[name]}</mi>"
        if name in SYMBOLS:
            return f"<mo>{SYMBOLS[name]}</mo>"
        if name in SPACES:
            return f'<mspace width="{SPACES[name]}"/>'
        if name in LARGE:
            return f"<mo largeop=\"true\">{LARGE[name]}</mo>"
        if name in ("left", "right"):
            kind, value = self.take()
            if (kind, value) == ("char", "."):
                return ""
            if kind == "char" and value in "()[]|":
                return f"<mo>{value}</mo>"
            if kind == "command" and value in ("{", "}"):
                return f"<mo>{value}</mo>"
            raise NotInLaws(f"\\{name} with {value!r}")
        if name in ("{", "}"):
            return f"<mo>{name}</mo>"
        if name == "begin":
            return self.cases()
        raise NotInLaws(f"the command \\{name}")

    def cases(self) -> str:
        if self.raw_group() != "cases":
            raise NotInLaws("an environment other than cases")
        rows, cells = [], []
        end = ("command", "end")
        while True:
            cell = self.sequence(stop={("char", "&"), ("command", "\\"), end})
            cells.append(f"<mtd>{_row(cell)}</mtd>")
            kind, value = self.take()
            if (kind, value) == ("char", "&"):
                continue
            rows.append(f"<mtr>{''.join(cells)}</mtr>")
            cells = []
            if (kind, value) == end:
                if self.raw_group() != "cases":
                    raise NotInLaws("cases closed by another environment")
                break
            if kind is None:
                raise NotInLaws("cases never closed")
        return f'<mrow><mo>{{</mo><mtable columnalign="left">{"".join(rows)}</mtable></mrow>'


def _row(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"<mrow>{''.join(items)}</mrow>"


def law_mathml(law: str) -> str:
    """The law as MathML (the content of a <math> element); NotInLaws when it is outside the part
    of LaTeX the laws are written in."""
    reader = _Reader(law)
    items = reader.sequence()
    if reader.peek()[0] is not None:
        raise NotInLaws(f"a stray {reader.peek()[1]!r}")
    return _row(items)
