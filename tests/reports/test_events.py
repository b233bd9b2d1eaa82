"""Reacting to stored reports: a few at once, many in the background, failures queued."""

from __future__ import annotations

from typing import Any

from fraudhub.reports.events import AT_ONCE, now_or_in_background


class Queue:
    def __init__(self) -> None:
        self.queued: list[list[int]] = []

    def enqueue(self, *, report_ids: list[int]) -> None:
        self.queued.append(report_ids)


def test_a_few_reports_are_handled_at_once() -> None:
    done: list[list[int]] = []
    queue = Queue()
    now_or_in_background(
        [1, 2], now=lambda report_ids: done.append(report_ids), background=queue, what="x"
    )
    assert done == [[1, 2]] and queue.queued == []


def test_a_files_worth_goes_to_the_background() -> None:
    done: list[Any] = []
    queue = Queue()
    many = list(range(AT_ONCE + 1))
    now_or_in_background(many, now=done.append, background=queue, what="x")
    assert done == [] and queue.queued == [many]


def test_a_failure_at_once_is_queued_to_try_again(caplog: Any) -> None:
    def broken(report_ids: list[int]) -> None:
        raise RuntimeError("the database went away")

    queue = Queue()
    now_or_in_background([7], now=broken, background=queue, what="Triage")
    assert queue.queued == [[7]]
    assert "Triage of reports [7] failed" in caplog.text
