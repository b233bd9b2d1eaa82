"""What a web worker prepares when it starts, before it takes its first request
(deploy/gunicorn.conf.py calls `warm_up` in each worker): the people model's scoring,
which the first report a worker stored would otherwise wait for. A failure here is
logged and the worker starts anyway; the first report then prepares it."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def warm_up() -> None:
    from fraudhub.linking.arrival import prepare

    try:
        prepare()
    except Exception:
        logger.exception(
            "Preparing the people model's scoring failed; the first report stored tries again"
        )
