"""Each web worker prepares the people model's scoring when it starts (gunicorn's
post_worker_init in deploy/gunicorn.conf.py), so the first report it stores does not wait
about a second and a half for it; a failure to prepare is logged, never stops the worker."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from fraudhub.linking import arrival
from fraudhub.operations import warm

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_a_starting_worker_prepares_the_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONFIG)
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    arrival._compiled.cache_clear()
    conf.post_worker_init(SimpleNamespace())
    assert arrival._compiled.cache_info().currsize == 1  # ready before any request


def test_a_failure_to_prepare_is_logged_and_the_worker_starts(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("no DuckDB")

    monkeypatch.setattr(arrival, "prepare", broken)
    with caplog.at_level(logging.ERROR, logger="fraudhub.operations.warm"):
        warm.warm_up()
    assert "Preparing the people model's scoring failed" in caplog.text
