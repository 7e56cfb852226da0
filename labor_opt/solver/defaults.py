"""Solver defaults that the API names without loading the solver."""

DEFAULT_WORKERS = 1  # measured: one worker proves the examples fastest, and is deterministic
RANDOM_SEED = 20261123
