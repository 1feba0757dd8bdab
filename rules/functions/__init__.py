"""The derivatives of the named functions, each with the chain rule: the exponential and the
logarithm, the exponential with any base and the power with a varying exponent, the trigonometric,
inverse trigonometric, hyperbolic and inverse hyperbolic functions, the error function, the
absolute value, the sign, the Heaviside step, and the maximum and minimum."""
