"""Solver defaults that the API names without loading the solver."""

DEFAULT_WORKERS = 1  # measured: one worker proves the examples fastest, and is deterministic
RANDOM_SEED = 20261123
# CP-SAT refuses more than 10,000 threads, and past the cores more only share them: a sensible ceiling, documented.
MAX_WORKERS = 64
