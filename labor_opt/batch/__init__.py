"""Solving many households: in parallel processes (or on a Dask cluster), resumably."""
