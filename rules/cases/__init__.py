"""Cases: the Kronecker delta splits a derivation into j = k and j ≠ k and is settled in a case; a
function defined piece by piece is differentiated piece by piece and, in a case, is the piece in
force; the cases merge back into one expression; an assumed equation is used where its left side
appears."""
