"""Line breaks for a one-line expression that is wider than the terminal.

An expression is broken before the = of an equation, then before a + or − between terms, then (where a term alone is too wide)
before a · or / between factors, with a hanging indent under the expression's start; never inside
a bracket while a break outside every bracket is at hand, and never at a plain space. Pure string
work: the text is cut, never changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right

OPEN, CLOSE = "([{", ")]}"
TERMS = (" + ", " - ")
FACTORS = "·/"
EQUALS = " = "  # between the two sides of an equation: the first place to break


# a bracket, a factor's sign, or the space that starts a term's sign or an equation's =
_PLACES = re.compile("[" + re.escape(OPEN + CLOSE + FACTORS) + "]| (?="
                     + "|".join(re.escape(sign[1:]) for sign in (*TERMS, EQUALS)) + ")")


def _candidates(text: str) -> list[tuple[int, int, int]]:
    """(depth, kind, position) of every place ``text`` may break: before the operator at
    ``position``; kind -1 between the sides of an equation, 0 between terms, 1 between factors."""
    found, depth = [], 0
    for match in _PLACES.finditer(text):
        position = match.start()
        char = text[position]
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(depth - 1, 0)
        elif char == " ":
            found.append((depth, -1 if text.startswith(EQUALS, position) else 0, position + 1))
        elif position > 0 and "∂" not in text[position - 1:position + 2]:
            found.append((depth, 1, position))  # not the / of ∂/∂x
    return found


def lines(text: str, width: int, indent: int = 2) -> list[tuple[int, int]]:
    """The (start, end) of each line of ``text`` broken to ``width`` columns, the lines after the
    first indented by ``indent``. A piece with no place to break stays whole (the terminal folds it)."""
    if len(text) <= width:
        return [(0, len(text))]
    candidates = _candidates(text)  # in order of position
    positions = [c[2] for c in candidates]
    cut, start, first = [], 0, True
    while len(text) - start > (width if first else width - indent):
        room = max(width - (0 if first else indent), 8)
        limit = start + room
        inside = candidates[bisect_right(positions, start):bisect_right(positions, limit)]
        # a line at least a third full, if the text allows it; the shallowest break, terms before factors
        roomy = [c for c in inside if c[2] - start >= room // 3] or inside
        if not roomy:
            later = candidates[bisect_right(positions, start):]
            if not later:
                break
            best = later[0]  # the first break at all, however late
        else:
            shallowest = min((c[0], c[1]) for c in roomy)
            best = max((c for c in roomy if (c[0], c[1]) == shallowest), key=lambda c: c[2])
        end = best[2]
        cut.append((start, end))
        start = end
        first = False
    cut.append((start, len(text)))
    return [(a, b) for a, b in ((a, b - 1 if text[b - 1:b] == " " else b) for a, b in cut)]
