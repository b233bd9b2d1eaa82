"""Prevention's writes, one module a job (subscriptions, sending), each function one
transaction with its audit entry."""
