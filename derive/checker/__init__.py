"""The checker's machinery: where it looks (points), how it evaluates (floats, then 30 digits),
and the one loop that compares two expressions (compare), planned once per verification (plan)."""

from .compare import DIGITS, Evidence
from .floats import Unsupported
from .plan import Plan, fresh_seed, index_symbols, length_symbols, plan_for, seeded, use_seed

__all__ = ["DIGITS", "Evidence", "Plan", "Unsupported", "fresh_seed", "index_symbols", "length_symbols", "plan_for", "seeded",
           "use_seed"]
