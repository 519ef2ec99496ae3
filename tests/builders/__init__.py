"""Builders of test worlds and days, shared by the tests and the benchmarks.

``people``: the named people of the test story (Kari, Nils, Siri, Per, Tone, Pia, Ingrid and
Hege, ...); ``planning_day``, ``published_day``, ``generation``, ``notes_day``,
``medication_day``, ``key_cabinet``, ``board_day``: the days the contexts' tests build on.
``fixtures`` registers them with pytest from the root conftest. bench/ imports from here,
never from a test module.
"""
