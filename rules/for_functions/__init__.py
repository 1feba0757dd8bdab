"""Rules written for one function only, each in a folder named after that function: the softmax's
log-derivative (the first rule of its log route), the sigmoid's folds of a power and of the
complement, and the cross-entropy's fold of the reciprocal."""
