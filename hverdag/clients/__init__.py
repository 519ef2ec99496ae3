"""Clients: the record, next of kin, home notes, welfare technology, intake."""
