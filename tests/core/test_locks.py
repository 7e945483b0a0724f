"""The hash-pinned locks cover every package pyproject.toml declares.

`make install` installs only from requirements.lock, so a dependency added to
pyproject.toml without `make lock` would never be installed: this test names it.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*groups: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for group in groups:
        specs += project["optional-dependencies"][group]
    return {_normal(NAME.match(spec).group(1)) for spec in specs}


def _pinned(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", line)
        if match:
            pins[_normal(match.group(1))] = match.group(2)
    return pins


def test_the_production_lock_pins_every_dependency():
    assert _declared() - set(_pinned("requirements.lock")) == set()


def test_the_test_lock_pins_every_dependency_and_test_extra():
    assert _declared("test") - set(_pinned("requirements-test.lock")) == set()


def test_both_locks_pin_the_same_versions_and_carry_hashes():
    production, test = _pinned("requirements.lock"), _pinned("requirements-test.lock")
    assert {name: test[name] for name in production} == production
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert text.count("--hash=sha256:") >= len(production)
