"""Staff roles, kept as Django groups so administrators can manage them in the admin."""

from enum import StrEnum


class Role(StrEnum):
    CALL_HANDLER = "Call handler"
    CASE_MANAGER = "Case manager"
    ANALYST = "Analyst"
    PARTNER_USER = "Partner user"
    ADMINISTRATOR = "Administrator"


ALL_ROLES = tuple(Role)
