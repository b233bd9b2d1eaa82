"""Prevention's pages, one module a job: staff pages and the public's."""
