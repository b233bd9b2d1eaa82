"""Prevention's forms, one module a job."""
