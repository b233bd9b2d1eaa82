"""The deployment files agree with the code: the example environment file lists every
setting the application reads, the systemd units start commands that exist with the
gunicorn configuration, and nginx sends the headers the settings trust."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

import fraudhub

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTINGS = Path(fraudhub.__file__).parent / "settings.py"
READ = re.compile(r'(?:os\.environ\.get|env_bool)\(\s*"([A-Z_]+)"')


def test_the_example_environment_file_lists_every_setting() -> None:
    read = set(READ.findall(SETTINGS.read_text())) | {"DATABASE_URL"}
    example = (DEPLOY / "fraudhub.env.example").read_text()
    listed = set(re.findall(r"^#?\s?([A-Z_]+)=", example, re.MULTILINE))
    assert read - listed == set(), "add these to deploy/fraudhub.env.example"
    assert "DEBUG=0\n" in example


def test_the_units_start_commands_that_exist() -> None:
    commands = set(get_commands())
    for unit in ("fraudhub-worker", "fraudhub-scheduler"):
        text = (DEPLOY / f"{unit}.service").read_text()
        started = re.search(r"^ExecStart=\S+/fraudhub (\S+)", text, re.MULTILINE)
        assert started and started.group(1).replace("-", "_") in commands, unit
        assert "EnvironmentFile=/etc/fraudhub/fraudhub.env" in text
    web = (DEPLOY / "fraudhub-web.service").read_text()
    assert "gunicorn -c /opt/fraudhub/app/deploy/gunicorn.conf.py" in web
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in web


def test_nginx_sends_the_headers_that_one_trusted_proxy_means() -> None:
    nginx = (DEPLOY / "nginx-fraudhub.conf").read_text()
    example = (DEPLOY / "fraudhub.env.example").read_text()
    assert "TRUSTED_PROXIES=1\n" in example
    # appended, so the last entry is the address nginx saw; replaced, so a client cannot
    # claim HTTPS or pick its request id
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Request-ID $request_id;" in nginx
    assert "proxy_pass http://127.0.0.1:8000;" in nginx


def test_nginx_config_is_read_by_debian_12s_nginx() -> None:
    """Debian 12 ships nginx 1.22, which knows `listen 443 ssl http2` but not the
    `http2 on;` directive of 1.25.1 and later, and refuses a file that uses it."""
    nginx = (DEPLOY / "nginx-fraudhub.conf").read_text()
    assert not re.search(r"^\s*http2\s+on\s*;", nginx, re.MULTILINE)
    assert "listen 443 ssl http2;" in nginx


def test_the_backup_unit_in_the_guide_uses_the_services_environment_and_venv() -> None:
    """The nightly backup unit in docs/backups.md is copied as it stands: it must read the
    environment file and run the fraudhub command that the other units use."""
    guide = (ROOT / "docs" / "backups.md").read_text()
    worker = (DEPLOY / "fraudhub-worker.service").read_text()
    environment = re.search(r"^EnvironmentFile=(\S+)", worker, re.MULTILINE)
    command = re.search(r"^ExecStart=(\S+/fraudhub) ", worker, re.MULTILINE)
    assert environment and command
    assert re.findall(r"^EnvironmentFile=(\S+)", guide, re.MULTILINE) == [environment.group(1)]
    assert re.findall(r"exec (\S+/fraudhub) backup", guide) == [command.group(1)]


def test_the_scheduler_books_every_daily_run_that_books_itself() -> None:
    """Each daily run with a `--schedule` option (retention, the audit checkpoint, the
    agreements' review, linking) is booked by `fraudhub scheduler`, which the guide's
    services start: a server set up by the guide runs them all without booking by hand."""
    from fraudhub.operations.scheduler import JOBS

    names = {job.name for job in JOBS}
    assert {"nightly-linking", "retention", "audit-checkpoint", "agreement-reviews"} <= names
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert "fraudhub-scheduler" in guide
    assert "Nothing needs booking by hand" in guide


def test_the_guides_alerts_use_no_counter_functions_on_gauges() -> None:
    """fraudhub_tasks_failed and fraudhub_imports are counted in the database at each
    scrape and fall when rows are removed: increase() would read a fall as a reset."""
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert not re.search(r"(increase|rate)\(fraudhub_(tasks_failed|imports)", guide)


def test_no_nginx_server_writes_an_access_log() -> None:
    """Paths carry references and tracking links, on plain HTTP (before the redirect) as on
    HTTPS: every server block turns nginx's access log off."""
    nginx = (DEPLOY / "nginx-fraudhub.conf").read_text()
    servers = nginx.split("server {")[1:]
    assert len(servers) == 2
    for server in servers:
        assert "access_log off;" in server
