"""The base of every error derive raises on purpose toward its user.

`DeriveError` is what a caller catches to tell "derive refused this input, and says why" from a
bug: text that is not an expression (`ParseError`, and `LatexError` and `BadExpression` below
it), a file that is not a derivation (`BadInput`), a derivative the engine cannot take
(`DerivationError`: `NoRuleApplies`, `NotReal`, `TooSlow`) and a bound of time that ran out
(`TimeLimit`). Each keeps its other bases (ParseError and BadInput are still ValueErrors).
Signals the library raises and catches itself (a value that is not numeric, a form the fast
evaluator does not support) are not DeriveErrors.

This module is a leaf: it imports nothing of the project (nor SymPy), so the command line can
import it at once and still start quickly.
"""

from __future__ import annotations


class DeriveError(Exception):
    """An error derive raises on purpose: the input cannot be worked with, and the message says
    why in one line.

    ``lead`` is the words a report puts before the message ("cannot derive it" gives
    "cannot derive it: <message>"); empty, the message stands alone.
    """

    lead: str = ""

    def report(self) -> str:
        """The message in one line, after its lead if there is one."""
        return f"{self.lead}: {self}" if self.lead else str(self)


__all__ = ["DeriveError"]
