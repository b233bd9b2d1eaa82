"""Background work for intake: imports uploaded in the browser run here, in the worker
(`fraudhub db_worker`), so the page can show progress."""

from __future__ import annotations

import logging
from pathlib import Path

from django_tasks import task

from .importers import UnreadableFile
from .models import ImportRun
from .services import import_referrals

logger = logging.getLogger(__name__)


@task()
def run_import(run_id: int) -> dict[str, int]:
    run = ImportRun.objects.select_related("organisation", "created_by").get(pk=run_id)
    try:
        import_referrals(
            path=Path(run.stored_path), organisation=run.organisation, actor=run.created_by, run=run
        )
    except UnreadableFile:
        logger.info("Import %s could not be read", run_id)
    run.refresh_from_db()
    return run.summary()
