"""Time bounds: no simplification or verification may run for ever.

`time_limit(seconds, what)` raises `TimeLimit` inside the block once ``seconds`` have passed.
It uses the real-time interval timer (SIGALRM), which interrupts SymPy's pure-Python work
between bytecodes; so it works in the main thread of a process on a POSIX system. Elsewhere
(another thread, Windows) the block runs unbounded, and the inputs' size bounds are what keep
it short. Limits nest: an inner limit never outlasts the outer one.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Callable, Iterator, TypeVar

from derive.errors import DeriveError

T = TypeVar("T")

try:  # the C functions themselves: signal.signal wraps them in enum conversions that cost more than the bound
    import _signal as _handlers
except ImportError:  # another Python than CPython
    _handlers = signal

# Every time bound of the library, in seconds, in one place; each module imports the ones it uses
# (the command line's bound of a whole run, RUN_SECONDS, is its own, in cli.py).
DERIVE_SECONDS = 60.0  # a derivation (SymPy's own evaluation while rebuilding can run on)
PLAIN_SECONDS = 20.0  # past this, the derivation starts again with the constant parts held as symbols
READ_SECONDS = 5.0  # reading one expression, or one line of a check file (SymPy evaluates as it builds)
CONSTANT_SECONDS = 1.0  # sizing one constant (exp(exp(20))) while reading
CHECK_SECONDS = 30.0  # each check of a derivation: a check not done by then has failed, naming itself
SYMBOLIC_SECONDS = 1.0  # a symbolic comparison: past this it is given up and the numeric one decides
DIFF_SECONDS = 3.0  # SymPy's derivative: past this it is worked out again with the constants held
SOLVE_SECONDS = 2.0  # the solver deciding a region or the cases' cover; past it, not known
STEP_SECONDS = 20.0  # checking one step of a check file
SLIP_SECONDS = 10.0  # looking for the slip of a step of a check file that does not hold
FILE_SECONDS = 180.0  # checking a whole check file


class Named:
    """The name of a bound, worked out only when the bound runs out (printing a large expression
    for every bound that never runs out is time lost); two names are the same bound only when they
    are the same object."""

    def __init__(self, text: Callable[[], str]):
        self.text = text

    def __str__(self) -> str:
        return self.text()


class TimeLimit(DeriveError):
    """A bounded piece of work did not finish in time; the message names it."""

    lead = "not finished"

    def __init__(self, what: str | Named, seconds: float):
        self.what, self.seconds = what, seconds
        super().__init__(f"{what} did not finish within {seconds:g} s")


_active: list[tuple[float, str, float]] = []  # (deadline, what, seconds) of the limits in force, innermost last


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


REFIRE = 0.1  # seconds: an expired bound is raised again this often until its block is left


def _on_alarm(signum, frame):  # noqa: ARG001 - the signal handler's signature
    now = time.monotonic()
    for deadline, what, seconds in _active:  # the outermost expired limit is the one to report
        if deadline <= now + 1e-3:
            # An exception raised in a signal handler is lost when it lands in a garbage
            # collector's callback or a __del__; so the alarm fires again until the block is
            # left (leaving it re-arms the timer for the bounds still in force).
            signal.setitimer(signal.ITIMER_REAL, REFIRE)
            raise TimeLimit(what, seconds)
    _arm()  # woken early (a timer rounding): wait for the rest


def _arm() -> None:
    if _active:
        remaining = max(min(deadline for deadline, _, _ in _active) - time.monotonic(), 1e-3)
        signal.setitimer(signal.ITIMER_REAL, remaining)
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str | Named) -> Iterator[None]:
    """Raise `TimeLimit` (naming ``what``) if the block runs longer than ``seconds``.

    ``None`` or a value not above 0 means no limit.
    """
    if seconds is None or seconds <= 0 or not _available():
        yield
        return
    previous = _handlers.signal(signal.SIGALRM, _on_alarm) if not _active else None
    _active.append((time.monotonic() + seconds, what, seconds))
    _arm()
    try:
        yield
    finally:
        _active.pop()
        _arm()
        if not _active:
            _handlers.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def within(seconds: float | None, what: str | Named, work: Callable[[], T], otherwise: Callable[[TimeLimit], T]) -> T:
    """``work()`` under a bound of its own; ``otherwise(the TimeLimit)`` when that bound runs out.
    An outer bound (the caller's) running out is not this one's to handle: it propagates."""
    try:
        with time_limit(seconds, what):
            return work()
    except TimeLimit as bound:
        if bound.what != what:
            raise
        return otherwise(bound)
