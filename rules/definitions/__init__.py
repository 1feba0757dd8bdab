"""Folding into a definition: where a named function's body appears, it is written as its name
(S_m for e^{z_m} / sum_l e^{z_l})."""
