"""The softmax's own rule: the log-derivative, with which its log route starts."""
