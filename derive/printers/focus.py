"""The focus of a step: the part a rule worked on, before and after, and where that part sits in
the whole expression after the step, so that a printer can show it as an equation of its own and
highlight it in the whole.

Pure functions of a `Step` and of printed text: no differentiation, no simplification, no
substitution. The part is found by its position (``step.path``) or as arguments of the sum or
product the part was flattened into; a highlight is then placed on printed text only where the
part's own text occurs exactly once, between token boundaries. Where any of that fails, there is
no highlight: never a wrong one.

API (used by the text and Markdown printers, and open to any other):

- ``equation(step)``: (before, after) of the focus, or None when the rule worked on the whole
  expression (the whole is then the focus, and an equation would repeat it);
- ``parts(step)``: the sub-expressions of ``step.after`` to highlight (empty: none);
- ``became(step, later)``: what the step's replacement became after the steps folded into it;
- ``focus(step)``: the replacement as one node of ``step.after`` (a `Focus`), for a printer that
  marks a node while it prints the tree (LaTeX, HTML) rather than a span of printed text;
- ``spans(whole, texts, word=word_char)``: where each text occurs in the printed ``whole``, as
  (start, end) pairs, or () unless each occurs exactly once between characters for which ``word``
  is false (text and LaTeX alike).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from sympy import Add, Basic, Mul

from derive.memory import same as _same

Span = tuple[int, int]


def node_at(expr: Basic, path: Sequence[int]) -> Basic | None:
    """The sub-expression of ``expr`` at ``path`` (argument indices from the root), or None."""
    for position in path:
        if position >= len(expr.args):
            return None
        expr = expr.args[position]
    return expr


def equation(step) -> tuple[Basic, Basic] | None:
    """The part the rule rewrote and what replaced it, or None when that part is the whole."""
    if not step.path or step.replacement is None or step.node is None:
        return None
    return step.node, step.replacement


def parts(step) -> tuple[Basic, ...]:
    """The sub-expressions of ``step.after`` that are the step's replacement: itself where it
    stands at the step's path; else itself, or its terms (factors) where a sum (product) absorbed
    them, found in exactly one node near the path (the nodes along it and their arguments, which
    SymPy may have re-ordered). Atoms (a number, a symbol) are never highlighted; nor is the whole
    expression."""
    replacement = step.replacement
    if not step.path or replacement is None or replacement.is_Atom:
        return ()
    if node_at(step.after, step.path) == replacement:
        return (replacement,)
    near, node = [], step.after
    for position in step.path[:-1]:
        near.append(node)
        near.extend(node.args)
        if position >= len(node.args):
            break
        node = node.args[position]
    else:
        near.append(node)
        near.extend(node.args)
    found = set()
    for candidate in dict.fromkeys(near):  # each node once, in order
        if candidate == replacement:
            found.add((replacement,))
        for kind in (Add, Mul):
            if isinstance(candidate, kind) and isinstance(replacement, kind):
                pieces = kind.make_args(replacement)
                if set(pieces) < set(candidate.args) and not any(piece.is_Atom for piece in pieces):
                    found.add(pieces)
    return found.pop() if len(found) == 1 else ()


def became(step, later: Basic) -> Basic | None:
    """What the step's replacement became in ``later``, an expression after further steps (the
    steps folded into it): the sub-expression of ``later`` at the step's path, where every other
    argument along that path is as the step left it (so the node there is the one the further
    steps rewrote, and nothing moved); else None."""
    if not step.path or step.replacement is None:
        return None
    now, then = later, step.after
    for position in step.path:
        if (now.func != then.func or len(now.args) != len(then.args) or position >= len(now.args)
                or any(_same(a) is not _same(b) and a != b
                       for i, (a, b) in enumerate(zip(now.args, then.args)) if i != position)):
            return None
        now, then = now.args[position], then.args[position]
    return now


def _alone(whole: str, text: str, word: Callable[[str], bool]) -> Span | None:
    """The one place ``text`` occurs in ``whole`` between boundaries, or None."""
    found, start = None, whole.find(text)
    while start >= 0:
        end = start + len(text)
        before = whole[start - 1] if start else " "
        after = whole[end] if end < len(whole) else " "
        if not (word(before) or word(after)):
            if found is not None:
                return None
            found = (start, end)
        start = whole.find(text, start + 1)
    return found


def spans(whole: str, texts: Sequence[str], word: Callable[[str], bool] | None = None) -> tuple[Span, ...]:
    """Where each of ``texts`` stands in ``whole``, in order of position; () unless every one
    occurs exactly once between two characters that are not part of a word (``word``) and no two
    overlap."""
    word = word or word_char
    found = []
    for text in texts:
        if not text:
            return ()
        span = _alone(whole, text, word)
        if span is None:
            return ()
        found.append(span)
    found.sort()
    if any(a[1] > b[0] for a, b in zip(found, found[1:])):
        return ()
    return tuple(found)


def word_char(char: str) -> bool:
    """A character that continues a name, a number or a LaTeX command (``\\sinh`` after
    ``\\sin``): a highlight never starts or ends next to one. A backslash after a part starts the
    next command, and is a boundary."""
    return char.isalnum() or char in "_."


def _occurrences(expr: Basic, node: Basic, path: tuple[int, ...], depth: int) -> list[tuple[int, ...]]:
    """The paths (``path`` being that of ``expr``) at which ``node`` occurs exactly ``depth``
    levels below ``expr``."""
    level = [(expr, path)]
    for _ in range(depth - 1):
        level = [(arg, (*where, i)) for current, where in level for i, arg in enumerate(current.args)]
    # the last level is only looked at: a path is made for a node of the type and hash of ``node``
    kind, wanted = type(node), hash(node)
    return [(*where, i) for current, where in level for i, arg in enumerate(current.args)
            if type(arg) is kind and hash(arg) == wanted and arg == node]


@dataclass(frozen=True)
class Focus:
    """Where the step's replacement sits in the expression after it: ``node``, the ``ancestors``
    on the way down to it (root first), and the ``siblings``, the other arguments of each."""

    node: Basic
    ancestors: frozenset
    siblings: frozenset

    def where(self, expr: Basic) -> str:
        """How a printer meets ``expr`` while printing the whole: ``mark`` it (the node),
        ``descend`` into it (it holds the node), print it ``plain``, or ``stray`` (a sibling
        branch holds an equal node: marking there would be wrong, so nothing is marked)."""
        if expr == self.node:
            return "mark"
        if expr in self.ancestors:
            return "descend"
        if expr in self.siblings:
            return "stray" if expr.has(self.node) else "plain"
        return "descend" if expr.has(self.node) else "plain"


def focus(step) -> Focus | None:
    """The part of ``step.after`` that the rule put there, or None.

    Found at the step's path when the expression kept its structure there, else as the one
    subtree equal to the replacement at the same depth below the node's parent or grandparent
    (SymPy may have reordered their arguments). None (no highlight) when the replacement is the whole expression or was
    merged into its parent (SymPy flattens sums and products): no highlight is better than a
    wrong one, and the printers mark nothing when they meet the node twice.
    """
    replacement, path = step.replacement, tuple(step.path)
    if replacement is None or not path or replacement == step.after:
        return None
    place = path if node_at(step.after, path) == replacement else None
    if place is None and not (replacement.is_Atom or replacement.is_Number):
        for up in (1, 2):
            top = node_at(step.after, path[:-up]) if up <= len(path) else None
            places = _occurrences(top, replacement, path[:-up], up) if top is not None else []
            if len(places) == 1:
                place = places[0]
                break
    if place is None:
        return None
    ancestors = [node_at(step.after, place[:depth]) for depth in range(len(place))]
    siblings = [arg for parent, index in zip(ancestors, place) for i, arg in enumerate(parent.args) if i != index]
    return Focus(replacement, frozenset(ancestors), frozenset(siblings))
