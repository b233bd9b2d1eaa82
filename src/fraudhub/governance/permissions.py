"""Keeps the roles' groups in step with the table in governance.roles after every migrate,
so a grant changed in code reaches the database (and the admin) without a new migration."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group
from django.contrib.auth.models import Permission as DjangoPermission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .roles import GRANTS, LABELS, Permission, Role


def sync_roles(sender: AppConfig | None = None, **kwargs: Any) -> None:
    """Create every permission and role group, and give each group exactly its grants
    among these permissions (others an administrator added are left alone). The
    Administrator group also gets every model permission, so administrators can use the
    whole admin without being superusers. Runs once per migrate: after the last app, when
    Django has made every model's permissions."""
    if sender is not None and sender.label != list(apps.get_app_configs())[-1].label:
        return
    using = kwargs.get("using", "default")
    with transaction.atomic(using=using):
        content_type, _ = ContentType.objects.db_manager(using).get_or_create(
            app_label="governance", model="access"
        )
        made: dict[Permission, DjangoPermission] = {}
        for permission in Permission:
            made[permission], _ = DjangoPermission.objects.db_manager(using).update_or_create(
                content_type=content_type,
                codename=permission.value,
                defaults={"name": LABELS[permission]},
            )
        for role, granted in GRANTS.items():
            group, _ = Group.objects.db_manager(using).get_or_create(name=role.value)
            ours = set(group.permissions.filter(content_type=content_type))
            wanted = {made[p] for p in granted}
            group.permissions.remove(*(ours - wanted))
            group.permissions.add(*(wanted - ours))
            if role == Role.ADMINISTRATOR:
                group.permissions.add(*DjangoPermission.objects.db_manager(using).all())
