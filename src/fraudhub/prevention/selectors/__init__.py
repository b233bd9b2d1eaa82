"""Prevention's reads, one module a job."""
