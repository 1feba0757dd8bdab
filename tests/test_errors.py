"""DeriveError: the one base of the errors derive raises on purpose toward its user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import derive
from derive.checker.digits import NotNumeric
from derive.checker.floats import Unsupported
from derive.engine.run import DerivationError, NoRuleApplies, NotReal, TooSlow
from derive.errors import DeriveError
from derive.readers.check_file import BadInput
from derive.readers.inputs import BadExpression
from derive.readers.latex import LatexError
from derive.readers.text import ParseError
from derive.rules.limits import TimeLimit

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("error, other_base", [
    (ParseError, ValueError),
    (LatexError, ParseError),
    (BadExpression, ParseError),
    (BadInput, ValueError),
    (DerivationError, Exception),
    (NoRuleApplies, DerivationError),
    (NotReal, DerivationError),
    (TooSlow, DerivationError),
    (TimeLimit, Exception),
])
def test_every_refusal_is_a_derive_error_and_keeps_its_base(error, other_base):
    assert issubclass(error, DeriveError) and issubclass(error, other_base)


def test_the_internal_signals_are_not_derive_errors():
    """Raised and caught inside the library: a caller never sees them."""
    assert not issubclass(NotNumeric, DeriveError) and not issubclass(Unsupported, DeriveError)


def test_a_refusal_is_caught_as_a_derive_error_or_as_before():
    with pytest.raises(DeriveError):
        derive.differentiate("x +", "x")
    with pytest.raises(ValueError):  # a ParseError is still a ValueError
        derive.differentiate("x +", "x")


def test_the_lead_goes_before_the_message():
    assert TimeLimit("the command", 600.0).report() == "not finished: the command did not finish within 600 s"
    assert DerivationError("no rule").report() == "cannot derive it: no rule"
    assert ParseError("cannot read 'x +'").report() == "cannot read 'x +'"


def test_the_public_name_and_a_leaf_module():
    assert derive.DeriveError is DeriveError
    code = "import sys, derive.errors\nprint(sorted(m for m in sys.modules if m.startswith(('sympy', 'derive'))))"
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "['derive', 'derive.errors']"
