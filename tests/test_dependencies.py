"""Dependencies run one way (docs/decisions/0015-which-app-may-import-which.md): every
module under src/fraudhub is read with `ast`, and an import an app may not make fails the
build, naming the file, the line and the arrow. Imports inside functions count, and so do
modules reached by name (`import_module`, `import_string`, a patch target), models reached
by label (`apps.get_model`, a relation to "app.Model") and migration dependencies."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import fraudhub

PACKAGE = "fraudhub"
SOURCE = Path(fraudhub.__file__).parent

# Shared plumbing below every app: anything may use it, it uses no app.
FLOOR = frozenset(
    {
        "bulk",
        "charts",
        "emails",
        "govuk_forms",
        "hub",
        "mail_folder",
        "notify",
        "paging",
        "postgres_indexes",
        "sms",
        "tabular",
        "templatetags",
        "uploads",
    }
)
# Project wiring above every app: it may use anything, and no app may use it.
WIRING = frozenset(
    {
        "__init__",
        "asgi",
        "audit_search",
        "cli",
        "context_processors",
        "demo",
        "errors",
        "headers",
        "legal",
        "log_redaction",
        "management",
        "operations",  # running the service: health, logs, metrics, scheduler (reads every app)
        "settings",
        "staff_search",
        "urls",
        "wsgi",
    }
)
# Each app and the apps it may import, besides itself and the floor.
APPS: dict[str, frozenset[str]] = {
    "governance": frozenset(),
    "accounts": frozenset({"governance"}),
    "reports": frozenset({"governance", "accounts"}),
    "intake": frozenset({"reports", "governance", "accounts"}),
    # The pages that record and show data-sharing agreements (the policy is governance's).
    "agreements": frozenset({"reports", "governance", "accounts"}),
    "linking": frozenset({"reports", "governance", "accounts"}),
    "casework": frozenset({"linking", "reports", "governance", "accounts"}),
    "insight": frozenset({"linking", "reports", "governance", "accounts"}),
    # Prevention warns a campaign's victims on their cases and counts what insight counts.
    "prevention": frozenset(
        {"casework", "insight", "linking", "reports", "governance", "accounts"}
    ),
    # People's data protection rights reach every record: above all the features.
    "rights": frozenset(
        {
            "intake",
            "casework",
            "linking",
            "insight",
            "prevention",
            "reports",
            "governance",
            "accounts",
        }
    ),
}
# Modules of pure functions inside an app that the floor may use as if they were part of
# it; each must import nothing of the project (checked below), so no cycle can form.
PURE = frozenset({"fraudhub.reports.normalise"})

DOTTED = re.compile(rf"{PACKAGE}(\.\w+)+")
MODEL_LABEL = re.compile(r"(\w+)\.\w+")
RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})


@dataclass(frozen=True)
class Arrow:
    """One module's use of another part of the project, where it is written."""

    path: str  # relative to the package, like linking/services.py
    line: int
    source: str  # the part that imports: an app, "floor" or "wiring"
    target: str
    what: str  # the module or model reached

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} -> {self.target} ({self.what})"


def part_of(name: str) -> str:
    """Which part of the project a top-level name under the package belongs to."""
    if name in APPS:
        return name
    if name in FLOOR:
        return "floor"
    if name in WIRING:
        return "wiring"
    return f"unplaced:{name}"


def _module_name(relative: Path) -> list[str]:
    parts = [PACKAGE, *relative.with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _resolve(node: ast.ImportFrom, module: list[str], is_package: bool) -> list[str]:
    """The full dotted names an import-from statement reaches (one per name for
    `from package import name`, since a name there may itself be a module)."""
    if node.level:
        base = module if is_package else module[:-1]
        base = base[: len(base) - (node.level - 1)]
        stem = ".".join(base + ([node.module] if node.module else []))
    else:
        stem = node.module or ""
    return [f"{stem}.{alias.name}" for alias in node.names] or [stem]


def _string_args(call: ast.Call) -> Iterator[str]:
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _reached(tree: ast.AST, module: list[str], is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, what) for everything the code reaches: a dotted name it imports, "name:" and
    a dotted name given as text, or "label:" and the app label of a model."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            for name in _resolve(node, module, is_package):
                yield node.lineno, name
        elif isinstance(node, ast.Call):
            called = _called(node)
            strings = list(_string_args(node))
            for text in strings:
                if DOTTED.fullmatch(text):
                    yield node.lineno, f"name:{text}"
            if called == "get_model" and strings:
                yield node.lineno, f"label:{strings[0].split('.')[0]}"
            elif called in RELATIONS:
                for text in strings[:1] + [
                    k.value.value
                    for k in node.keywords
                    if k.arg == "to"
                    and isinstance(k.value, ast.Constant)
                    and isinstance(k.value.value, str)
                ]:
                    if label := MODEL_LABEL.fullmatch(text):
                        yield node.lineno, f"label:{label.group(1)}"
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "dependencies" for t in node.targets
        ):
            for element in getattr(node.value, "elts", []):
                first = getattr(element, "elts", [None])[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield element.lineno, f"label:{first.value}"


def _target(name: str, root: Path) -> str | None:
    """The part of the project a dotted name or model label points into, or None when it
    points outside the project (Django, the standard library, another package)."""
    if name.startswith("label:"):
        label = name.removeprefix("label:")
        return label if label in APPS else None
    as_text = name.startswith("name:")
    parts = name.removeprefix("name:").split(".")
    if parts[0] != PACKAGE:
        return None
    top = parts[1] if len(parts) > 1 else "__init__"
    placed = part_of(top)
    if placed.startswith("unplaced:") and not (
        (root / top).is_dir() or (root / f"{top}.py").is_file()
    ):
        # Text like a dispatch uid only looks like a module; an import of a name the
        # package's own __init__ defines reaches the wiring.
        return None if as_text else "wiring"
    return placed


@cache
def arrows(root: Path = SOURCE) -> tuple[Arrow, ...]:
    """Every use, by any module under `root`, of a part of the project other than its own."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        source = part_of(relative.parts[0] if len(relative.parts) > 1 else relative.stem)
        module = _module_name(relative)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _reached(tree, module, path.name == "__init__.py"):
            target = _target(name, root)
            if target is None or target == source:
                continue
            found.append(Arrow(relative.as_posix(), line, source, target, name))
    return tuple(found)


def allowed(arrow: Arrow) -> bool:
    """Whether the rules let the arrow's source use its target."""
    if arrow.source == "wiring" or arrow.target == "floor":
        return True
    if arrow.target == "wiring" or arrow.target.startswith("unplaced:"):
        return False
    if arrow.source == "floor":
        return any(arrow.what == m or arrow.what.startswith(f"{m}.") for m in PURE)
    return arrow.target in APPS.get(arrow.source, frozenset())


def _may(source: str) -> str:
    if source == "floor":
        return "nothing but the floor and " + ", ".join(sorted(PURE))
    return ", ".join(sorted(APPS[source])) + " and the shared floor"


def wrong_way(source: str, root: Path = SOURCE) -> list[str]:
    return [
        f"{arrow}: {source} may import only {_may(source)}"
        for arrow in arrows(root)
        if arrow.source == source and not allowed(arrow)
    ]


@pytest.mark.parametrize("source", [*APPS, "floor"])
def test_each_app_imports_only_the_parts_below_it(source: str) -> None:
    found = wrong_way(source)
    assert not found, f"{len(found)} import(s) run the wrong way:\n" + "\n".join(found)


def test_every_top_level_module_is_placed_on_a_floor_or_above_the_apps() -> None:
    unplaced = sorted(
        path.name
        for path in SOURCE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").is_file())
        and part_of(path.stem).startswith("unplaced:")
    )
    assert not unplaced, (
        f"Say where {', '.join(unplaced)} belongs: in FLOOR (shared plumbing any app may use) "
        "or WIRING (project wiring above the apps), in tests/test_dependencies.py and in "
        "docs/decisions/0015-which-app-may-import-which.md"
    )


def test_the_pure_modules_the_floor_uses_import_nothing_of_the_project() -> None:
    for dotted in sorted(PURE):
        path = SOURCE.joinpath(*dotted.split(".")[1:]).with_suffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = dotted.split(".")
        reached = [
            f"{path.relative_to(SOURCE)}:{line} imports {name}"
            for line, name in _reached(tree, module, is_package=False)
            if _target(name, SOURCE) is not None
        ]
        assert not reached, "\n".join(reached)


def test_the_rules_have_no_cycle() -> None:
    try:
        order = list(TopologicalSorter(APPS).static_order())
    except CycleError as exc:
        pytest.fail(f"The rules let an app reach itself: {' -> '.join(exc.args[1])}")
    assert order.index("governance") < order.index("reports") < order.index("intake")


# The checker itself, on a small made-up project laid out like ours.


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in {p.parent for p in tmp_path.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return tmp_path


def _wrong_in(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """The arrows that run the wrong way in a made-up project of these files."""
    return sorted(str(a) for a in arrows(_project(tmp_path, files)) if not allowed(a))


def test_an_import_inside_a_function_is_found_with_its_file_line_and_arrow(
    tmp_path: Path,
) -> None:
    root = _project(
        tmp_path,
        {
            "linking/services.py": (
                "from fraudhub.reports.models import Report\n"
                "\n"
                "def run():\n"
                "    from fraudhub.casework.services import retriage\n"
                "    return retriage\n"
            )
        },
    )
    assert wrong_way("linking", root) == [
        "linking/services.py:4: linking -> casework (fraudhub.casework.services.retriage): "
        "linking may import only accounts, governance, reports and the shared floor"
    ]


def test_relative_and_package_imports_are_resolved(tmp_path: Path) -> None:
    files = {
        "reports/management/commands/load.py": "from ....casework import demo\n",
        "reports/views.py": "from fraudhub import linking\nfrom .. import charts\n",
        "charts.py": "",
    }
    assert _wrong_in(tmp_path, files) == [
        "reports/management/commands/load.py:1: reports -> casework (fraudhub.casework.demo)",
        "reports/views.py:1: reports -> linking (fraudhub.linking)",
    ]


def test_modules_and_models_reached_by_name_are_found(tmp_path: Path) -> None:
    files = {
        "governance/audit.py": (
            "from django.utils.module_loading import import_string\n"
            "send = import_string('fraudhub.casework.services.retriage')\n"
            "signal.connect(send, dispatch_uid='fraudhub.send')\n"
        ),
        "reports/models.py": "case = models.ForeignKey('casework.Case', on_delete=None)\n",
        "reports/migrations/0002_x.py": (
            "dependencies = [\n    ('reports', '0001_initial'),\n    ('linking', '0003_x'),\n]\n"
            "def go(apps, editor):\n    apps.get_model('insight', 'Thing')\n"
        ),
    }
    assert _wrong_in(tmp_path, files) == [
        "governance/audit.py:2: governance -> casework (name:fraudhub.casework.services.retriage)",
        "reports/migrations/0002_x.py:3: reports -> linking (label:linking)",
        "reports/migrations/0002_x.py:6: reports -> insight (label:insight)",
        "reports/models.py:1: reports -> casework (label:casework)",
    ]


def test_the_floor_may_not_use_an_app_and_no_app_may_use_the_wiring(tmp_path: Path) -> None:
    files = {
        "charts.py": "from fraudhub.insight.figures import Count\n",
        "govuk_forms.py": "from fraudhub.reports import normalise\n",
        "intake/views.py": "from fraudhub.staff_search import search\nfrom fraudhub import hub\n",
        "hub.py": "",
    }
    assert _wrong_in(tmp_path, files) == [
        "charts.py:1: floor -> insight (fraudhub.insight.figures.Count)",
        "intake/views.py:1: intake -> wiring (fraudhub.staff_search.search)",
    ]


# The environment is read in one place (settings.py), so every setting has one name, one
# default and one line saying what it does; the entry points only name the settings module.
READS_ENVIRONMENT = frozenset({"settings.py", "cli.py", "asgi.py", "wsgi.py"})


def environment_reads(root: Path = SOURCE) -> list[str]:
    """`path:line` for each use of os.environ or os.getenv outside settings.py and the
    entry points (`import os` then `os.environ`, or `from os import environ, getenv`)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in READS_ENVIRONMENT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"environ", "getenv", "environb", "getenvb"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(a.name in {"environ", "getenv", "environb", "getenvb"} for a in node.names)
            ):
                found.append(f"{relative}:{node.lineno}")
    return found


def test_only_settings_reads_the_environment() -> None:
    found = environment_reads()
    assert not found, (
        "Read the environment in settings.py and use django.conf.settings here:\n"
        + "\n".join(found)
    )


def test_an_environment_read_outside_settings_is_found(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "settings.py": "import os\nDEBUG = os.environ.get('DEBUG')\n",
            "cli.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'x')\n",
            "linking/tasks.py": "import os\n\ndef hour():\n    return os.getenv('HOUR')\n",
            "linking/people.py": "from os import environ\nMASTER = environ['MASTER']\n",
        },
    )
    assert environment_reads(root) == ["linking/people.py:1", "linking/tasks.py:4"]
