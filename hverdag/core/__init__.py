"""Shared building blocks: identifiers, errors, identity numbers, encryption."""
