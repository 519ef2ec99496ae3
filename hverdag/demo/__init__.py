"""The demo district: Bydel Gamle Oslo with four teams, about 300 clients and 100 staff.

``generate`` draws it as plain data from a seed, ``load`` writes it, and the commands
``load_demo`` and ``demo_logins`` (hverdag.core.management.commands) are how `make run`
uses them.
"""
