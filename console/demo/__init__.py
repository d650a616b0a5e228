"""Synthetic demonstration data: realistic, deterministic, and entirely fictional.

Used by ``demo-data``, the benchmarks and the tests. Names are invented,
streets are made up, phone numbers are in the 555-01xx range reserved for
fiction, web addresses end in ``example.org``; only the cities, ZIP codes
and their coordinates are real (from the ``zipcodes`` package).
"""
