"""Prevention's writes, one module a job. Each function takes keyword arguments, checks its
input, saves, writes the audit entry in the same transaction and announces after the
commit."""
