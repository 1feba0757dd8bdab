"""What is known of particular functions: softmax and its notation, the catalog of other
functions, the Jacobian, the backward pass and the code generated for them."""
