"""Decisions (vedtak): service catalogue, decisions with service lines, letters."""
