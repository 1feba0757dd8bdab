"""Stand-ins for SymPy at its slowest, for the tests of the time bounds."""

import time

from sympy import preorder_traversal


def endless(*args, **kwargs):
    """Work that never ends (until a time bound stops it)."""
    while True:
        time.sleep(0.01)


def slow_over_constants(plain):
    """``plain``, made endless whenever its first argument holds a constant part not held as a
    symbol (log(3), sqrt(2)): as SymPy is over log(acos(pi)) or log((1/27)^(asin(pi)^2))."""
    def slow(expr, *rest):
        if any(not node.is_Atom and not node.free_symbols for node in preorder_traversal(expr)):
            endless()
        return plain(expr, *rest)
    return slow
