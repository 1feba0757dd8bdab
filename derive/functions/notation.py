"""Notations for softmax: which letters stand for the function, its inputs and its indices."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from sympy import Expr, IndexedBase, Sum, Symbol, exp

from derive.rules import Definition

from derive.engine.records import Symbol as Legend


NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,11}")


@dataclass(frozen=True)
class Notation:
    """The letters of a softmax derivation. ``sample`` is the batch index (None: no batch)."""

    name: str
    function: str = "S"
    input: str = "z"
    sample: str | None = "i"
    output: str = "j"
    wrt: str = "k"
    summation: str = "l"
    length: str = "L"

    def __post_init__(self):
        letters = [self.function, self.input, self.output, self.wrt, self.summation, self.length]
        letters += [self.sample] if self.sample is not None else []
        for letter in letters:
            # Letters, then digits: every format shows such a name as it is (LaTeX would read
            # __b__ as a subscript and a superscript; code cannot take a keyword as a name).
            if not (isinstance(letter, str) and NAME.fullmatch(letter) and not keyword.iskeyword(letter)):
                raise ValueError(f"'{letter}' is not a name: use a letter, then letters or digits "
                                 "(at most 12 in all; not a Python keyword)")
        if len(set(letters)) != len(letters):
            raise ValueError(f"the names must all differ: {', '.join(letters)}")

    def renamed(self, **names) -> "Notation":
        """This notation with some names replaced (None values are ignored)."""
        from dataclasses import replace

        return replace(self, **{key: value for key, value in names.items() if value is not None})


TEXTBOOK = Notation("textbook")
QA = Notation("qa", function="p", input="o", sample=None, output="j", wrt="i", summation="k", length="N")
NOTATIONS = {notation.name: notation for notation in (TEXTBOOK, QA)}
BATCH_INDEX = {"textbook": "i", "qa": "n"}  # the sample index --batch adds where a notation has none


@dataclass(frozen=True)
class Softmax:
    """Softmax in a notation: its definition, the variable, and the symbols' meanings."""

    expression: Expr
    variable: Expr
    definition: Definition
    legend: tuple[Legend, ...]
    indices: tuple[Symbol, Symbol]
    length: Symbol


def softmax_in(notation: Notation = TEXTBOOK) -> Softmax:
    i, j, k, l = (Symbol(name, integer=True) if name else None for name in
                  (notation.sample, notation.output, notation.wrt, notation.summation))
    L = Symbol(notation.length, integer=True, positive=True)
    S, z = IndexedBase(notation.function), IndexedBase(notation.input)

    def at(base, index):
        return base[i, index] if i is not None else base[index]

    body = exp(at(z, j)) / Sum(exp(at(z, l)), (l, 1, L))
    definition = Definition(at(S, j), body, j)
    legend = [
        Legend(at(S, j), f"the {notation.output}-th softmax output"
               + (f" of the {notation.sample}-th sample" if i is not None else "")),
        Legend(at(z, j), f"the {notation.output}-th softmax input"
               + (f" of the {notation.sample}-th sample" if i is not None else "")),
        Legend(at(z, k), f"the {notation.wrt}-th input, the one we differentiate with respect to"),
        Legend(l, f"the summation index, running from 1 to {notation.length}"),
        Legend(L, "the number of inputs (and outputs)"),
    ]
    if i is not None:
        legend.insert(0, Legend(i, "the sample (row of the batch); it is the same on both sides"))
    return Softmax(body, at(z, k), definition, tuple(legend), (j, k), L)
