"""Background work for intake: imports uploaded in the browser run here, in the worker
(`fraudhub db_worker`), so the page can show progress."""

from __future__ import annotations

import logging
from pathlib import Path

from django_tasks import task

from fraudhub.tabular import UnreadableFile

from .file_imports import (
    ImportFailed,
    import_referrals,
    recover_stale_imports,
    retry_stopped_import,
)
from .models import ImportRun

logger = logging.getLogger(__name__)


@task()
def run_import(run_id: int) -> dict[str, int]:
    """Import an uploaded file. However the import ends, its run says so (failed with the
    reason, or interrupted); imports that a killed worker left running are dealt with
    first, since a worker that starts work is one that was restarted."""
    recover_stale_imports(runs=ImportRun.objects.exclude(pk=run_id))
    run = ImportRun.objects.select_related("organisation", "created_by").get(pk=run_id)
    try:
        import_referrals(
            path=Path(run.stored_path), organisation=run.organisation, actor=run.created_by, run=run
        )
    except UnreadableFile:
        logger.info("Import %s could not be read", run_id)
    except ImportFailed:
        logger.info("Import %s failed", run_id)
    except (KeyboardInterrupt, SystemExit):
        run.refresh_from_db()
        retry_stopped_import(run=run)
        raise
    run.refresh_from_db()
    return run.summary()
