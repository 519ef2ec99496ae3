"""Access: users, roles, care relationships, break-glass, access log, audit trail."""
