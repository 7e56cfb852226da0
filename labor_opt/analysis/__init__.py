"""The use cases over the solver: solve, compare, explain, audit, today's split, infeasibility, relaxations."""
