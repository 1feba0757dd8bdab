"""Differentiation: the derivative of a constant, of the variable, of an indexed input; of a sum,
of a sum over an index, of a product, a quotient, a constant multiple and a power; the chain rule
through a named function of one argument (`outer_function` builds those rules); and a derivative
proven before, used again with its indices renamed (`use_proven`)."""
