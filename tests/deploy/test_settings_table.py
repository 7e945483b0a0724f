"""Every environment variable the configuration reads is in the README's settings tables,
and every variable the tables list is read somewhere.

Read from the code (config/settings.py, config/env.py, config/gunicorn.conf.py) in
two ways: the names passed to the environment readers, found in the source; and,
as a check on the first, the names actually looked up while the settings module
runs in a fresh interpreter (with DJANGO_DEBUG false and true).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

from tests.deploy.support import BASE_DIR, PRODUCTION_ENV, base_env

SOURCES = ["config/settings.py", "config/env.py", "config/gunicorn.conf.py"]
READERS = {
    "get",  # os.environ.get
    "getenv",
    "_raw",
    "env_bool",
    "env_int",
    "env_list",
    "env_choice",
    "env_networks",
    "database_from_env",
    "email_from_env",
    "notice_from_env",
    "env_hours",
}
# Read by the tooling, not by an operator's configuration.
NOT_SETTINGS = {
    "DJANGO_SETTINGS_MODULE",  # which settings module (always config.settings)
    "DJANGO_TEST_SQLITE_NAME",  # the test runner's SQLite file
}
NAME = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        if func.attr == "get":  # only os.environ.get, not a dict's
            owner = func.value
            is_environ = isinstance(owner, ast.Attribute) and owner.attr == "environ"
            return "get" if is_environ else ""
        return func.attr
    return getattr(func, "id", "")


def variables_in_source() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        tree = ast.parse((BASE_DIR / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in READERS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and NAME.match(str(first.value)):
                    found.add(first.value)
            # `for variable, option in (("AWS_…", "…"), …): _raw(variable)`
            if isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
                reads = any(
                    isinstance(n, ast.Call) and _call_name(n) in READERS
                    for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                )
                for item in node.iter.elts if reads else []:
                    if isinstance(item, ast.Tuple) and isinstance(item.elts[0], ast.Constant):
                        found.add(item.elts[0].value)
    return found - NOT_SETTINGS


RECORD = """
import json, os, sys
seen = set()
class Recording(type(os.environ)):
    def __getitem__(self, key):
        seen.add(key)
        return super().__getitem__(key)
    def __contains__(self, key):
        seen.add(key)
        return super().__contains__(key)
os.environ.__class__ = Recording
sys.path.insert(0, ".")
import config.settings
import runpy
runpy.run_path("config/gunicorn.conf.py")
print(json.dumps(sorted(seen)))
"""


def variables_read_at_runtime(debug: str) -> set[str]:
    env = {**base_env(), **PRODUCTION_ENV, "DJANGO_DEBUG": debug}
    result = subprocess.run(
        [sys.executable, "-c", RECORD],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    names = set(json.loads(result.stdout.strip().splitlines()[-1]))
    return {n for n in names if NAME.match(n)} - NOT_SETTINGS - set(base_env())


def variables_in_readme() -> set[str]:
    text = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    production = re.search(r"^## Production\n(.*?)(?=^## )", text, flags=re.S | re.M).group(1)
    names: set[str] = set()
    for row in re.findall(r"^\| ([^|\n]+) \|", production, flags=re.M):
        names.update(n for n in re.findall(r"`([A-Z][A-Z0-9_]+)`", row) if NAME.match(n))
    return names


def test_every_variable_the_code_reads_is_in_the_readme_and_back():
    in_code = variables_in_source()
    in_readme = variables_in_readme()
    assert {"DJANGO_DEFAULT_FROM_EMAIL", "DJANGO_SECURE_SSL_REDIRECT", "AWS_LOCATION"} <= in_code
    assert not in_code - in_readme, f"read by the code, missing from README: {in_code - in_readme}"
    assert not in_readme - in_code, f"in the README, read nowhere: {in_readme - in_code}"


def test_the_source_scan_sees_every_variable_read_while_the_settings_load():
    for debug in ("false", "true"):
        runtime = variables_read_at_runtime(debug)
        assert "DJANGO_SECRET_KEY" in runtime
        assert runtime <= variables_in_source(), runtime - variables_in_source()
