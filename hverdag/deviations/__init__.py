"""Deviations (avvik): reported, routed to the team leader, followed up, never edited."""
