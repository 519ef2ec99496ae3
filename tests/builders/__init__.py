"""Builders of test worlds and days, shared by the tests and the benchmarks.

bench/ imports from here, never from a test module. (The named people, tests/factories.py,
and the per-context day fixtures move here next; see docs/architecture.md.)
"""
