"""No tables of its own: holds, restrictions, corrections and the retention schedule are
governance's (fraudhub.governance.models), since every app asks them."""
