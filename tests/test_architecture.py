"""Apps depend one way: lib (the toolbox, no models) below everything, council at the base, facilities and proposals on it,
reports on those, portal (the site: dashboard, demo) on top of everything.

Read from the source, not from what happens to be imported at run time: every
`import` statement of every module (including imports inside functions), every
URL name a module or template refers to (`"proposals:aggregate"`, `{% url
'reports:preview' %}`) and every template it includes or extends.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "lib": set(),
    "council": {"lib"},
    "facilities": {"lib", "council"},
    "proposals": {"lib", "council"},
    "reports": {"lib", "council", "facilities", "proposals"},
    "portal": {"lib", "council", "facilities", "proposals", "reports"},
}
APPS = set(ALLOWED)
_APP_NAMES = "|".join(sorted(APPS))
URL_NAME = re.compile(rf"""["']({_APP_NAMES}):[a-z_]+["']""")
TEMPLATE_REF = re.compile(rf"""\{{%\s*(?:include|extends)\s+["']({_APP_NAMES})/""")


def _python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & APPS
    return found


def _referenced_apps(text: str) -> set[str]:
    return set(URL_NAME.findall(text)) | set(TEMPLATE_REF.findall(text))


def _violations(app: str) -> list[str]:
    allowed = ALLOWED[app] | {app}
    problems = []
    for path in _python_files(app):
        text = path.read_text(encoding="utf-8")
        for other in sorted((_imported_apps(path) | _referenced_apps(text)) - allowed):
            problems.append(f"{path.relative_to(ROOT)} → {other}")
    for path in sorted((ROOT / app / "templates").rglob("*")):
        if path.is_file():
            for other in sorted(_referenced_apps(path.read_text(encoding="utf-8")) - allowed):
                problems.append(f"{path.relative_to(ROOT)} → {other}")
    return problems


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_it_depends_only_downwards(app):
    assert _violations(app) == [], f"{app} reaches up or sideways"


def test_it_finds_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: an import, a URL name and an include from council upward
    are each reported."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "council" / "templates" / "council").mkdir(parents=True)
    (tmp_path / "council" / "bad.py").write_text(
        "def f():\n    from proposals.models import Proposal\n    return 'reports:preview'\n"
    )
    (tmp_path / "council" / "templates" / "council" / "x.html").write_text(
        '{% include "facilities/includes/table.html" %}'
    )
    assert _violations("council") == [
        "council/bad.py → proposals",
        "council/bad.py → reports",
        "council/templates/council/x.html → facilities",
    ]


def test_every_app_is_placed():
    """A new app must be given its place in ALLOWED before it can be added."""
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if (path.parent / "__init__.py").exists()
    }
    assert apps == APPS


def test_the_toolbox_has_no_models():
    """lib is plain code: no models module, no migrations."""
    assert not (ROOT / "lib" / "models.py").exists()
    assert not (ROOT / "lib" / "migrations").exists()


def test_it_finds_the_toolbox_importing_an_app(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "bad.py").write_text("from council.models import Council\n")
    assert _violations("lib") == ["lib/bad.py → council"]


def _strftime_calls(app: str) -> list[str]:
    """Modules of `app` that write a date or time by format string themselves."""
    found = []
    for path in _python_files(app):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "strftime":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_dates_are_written_out_in_lib_dates_only(app):
    """ARCHITECTURE.md: no app module outside lib.dates calls strftime."""
    calls = _strftime_calls(app)
    if app == "lib":
        calls = [c for c in calls if not c.startswith("lib/dates.py:")]
    assert calls == []


def test_it_finds_a_strftime_outside_lib_dates(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "bad.py").write_text("def f(d):\n    return d.strftime('%Y')\n")
    assert _strftime_calls("council") == ["council/bad.py:2"]
