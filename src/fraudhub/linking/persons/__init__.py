"""Person records as analysts see and judge them: the links to check, a person's page,
decisions on pairs and possible people (views, forms, selectors), the runs that group
the records into people (services), and the person lists read from files (lists)."""
