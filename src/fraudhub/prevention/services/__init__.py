"""Prevention's writes, one module a job (alerts, checks, subscriptions, sending): each
function takes keyword arguments, checks its input, saves, writes the audit entry in the
same transaction and announces after the commit."""
