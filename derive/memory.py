"""What the printers worked out about expressions, remembered for the process: an expression's
facts (its sign, precedence, reading-order key, its text in each printer, ...), shared by every
expression equal to it and found by identity once met; and sort keys with Python's integers.

The printers (derive.show and derive.printers) ask here; `clear` (``derive.show.forget``) empties
it all. Nothing here prints, and a fact is only ever read back for an expression equal to the one
it was worked out for (and of its type), under the key it was stored with.
"""

from __future__ import annotations

from collections import defaultdict

from sympy import Basic, Integer


def native(key):
    """A sort key with each SymPy Integer in it as a Python int: equal and ordered the same way
    against every other entry (SymPy compares an int by making it an Integer first). SymPy
    remembers sort keys, so the same inner tuples recur: each is converted once (by identity).
    Equal converted tuples are one object (the first made), so that comparing two keys passes over
    their equal parts by identity instead of walking them."""
    known = _memory["native"]
    found = known.get(id(key))
    if found is not None and found[0] is key:
        return found[1]
    converted = tuple([native(part) if type(part) is tuple else int(part) if isinstance(part, Integer) else part
                       for part in key])
    converted = _memory["native tuples"].setdefault(converted, converted)
    known[id(key)] = (key, converted)  # ``key`` kept: its id is not reused while the entry lives
    return converted


MEMO_SIZE = 50_000  # expressions the printers remember before they forget them all

# What the printers worked out: "facts", one dict for each expression met and all those equal to it
# (and of its type); "native", see `native`. `_by_id`: the facts of each expression met, by its
# id, the expression kept alive in `_kept` (so no other object takes its id while the entry lives).
# Per process, emptied by `clear`.
_memory: defaultdict[str, dict] = defaultdict(dict)
_by_id: dict[int, dict] = {}
_kept: list[Basic] = []


def facts(expr: Basic) -> dict:
    """What the printers worked out about ``expr`` (``facts["same"]`` is the first expression met
    that is equal to it and of its type), shared by every expression equal to it. Found by identity
    where ``expr`` was met before: SymPy's equality (a walk down both trees) runs once for an
    expression the engine built afresh equal to an earlier one, then never again."""
    found = _by_id.get(id(expr))
    if found is not None:
        return found
    if len(_by_id) >= MEMO_SIZE:
        _by_id.clear()
        _kept.clear()
        _memory["facts"].clear()
    found = _memory["facts"].setdefault((type(expr), expr), {"same": expr})
    _by_id[id(expr)] = found
    _kept.append(expr)
    return found


def same(expr: Basic) -> Basic:
    """The first expression the printers met that is equal to ``expr`` and of its type, found by
    identity (see `facts`): a key under which dicts find ``expr`` without walking it."""
    known = _by_id.get(id(expr)) or facts(expr)
    return known["same"]


def remembered(kind, expr, work):
    """``work(expr)``, remembered in the facts of ``expr`` under ``kind`` (anything but an
    expression is worked on afresh each time)."""
    if not isinstance(expr, Basic):
        return work(expr)
    known = _by_id.get(id(expr)) or facts(expr)
    found = known.get(kind, known)  # ``known`` itself: nothing remembered yet
    if found is known:
        found = known[kind] = work(expr)
    return found


def remembered_by(printer, kind: tuple, expr: Basic, work):
    """``work()``, remembered in the facts of ``expr`` for ``printer`` (which the key holds, so
    no other printer can read it) under ``kind``."""
    known = _by_id.get(id(expr)) or facts(expr)
    key = (printer, *kind)
    found = known.get(key)
    if found is None:
        found = known[key] = work()
    return found


def texts(kind: str) -> dict:
    """The memory of one pure function of strings (``kind`` names it): a dict from each string
    given to the string it gave, per process, emptied by `clear` like the rest."""
    return _memory["texts", kind]


def clear() -> None:
    """Forget everything (a benchmark times a printer as a fresh process meets it)."""
    _memory.clear()
    _by_id.clear()
    _kept.clear()
