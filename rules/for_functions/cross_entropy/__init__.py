"""The cross-entropy's own rule: the reciprocal of the softmax folds into 1/S_m, on the backward
route of the softmax cross-entropy."""
