"""Staff pages for data-sharing agreements: list, read, record, change and end them. They
sit above the apps, like the staff search, because they use the shared GOV.UK form
plumbing; the agreements themselves, their policy and their audit are governance's."""
