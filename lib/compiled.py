"""Querysets run from SQL the ORM compiled once per input (the ORM's compile step, cached).

Building and compiling a queryset costs Django far more than the database takes to
run it: the staff dashboard's overdue-commitment count took 0.34 ms to assemble and
0.04 ms to run (docs/PERFORMANCE.md, throughput). A page that asks the same question
on every request can keep the compiled statement instead. The question stays written
once, as a queryset, in its rule's home:

    def overdue_commitments_query(council_id: int, today: date) -> QuerySet: ...

    compiled.count(overdue_commitments_query, council.pk, today)

`build(*args)` must be a module-level function whose queryset depends on nothing but
its arguments (no clock, no settings, no request), and the arguments must be plain
values (numbers, text, dates, times, booleans, None, or tuples of them): a model
instance is refused, since a builder could read any of its fields. The statement and
its parameters are kept under (builder, arguments), per database connection object
(so per thread), at most `MAX_KEPT` of them, and forgotten when a setting changes.
Statements still run through Django's cursor: they are logged and counted like any
other query.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import Model, QuerySet

MAX_KEPT = 512
_PLAIN = (int, str, float, bool, dt.date, dt.datetime, dt.time, decimal.Decimal, type(None))


class _Statement:
    """SQL and parameters to run; `sql` is None when the queryset can match nothing
    (e.g. `pk__in=()`), which the ORM answers without asking the database."""

    __slots__ = ("converters", "model", "params", "sql")

    def __init__(self, sql: str | None, params: tuple, converters: dict, model: type[Model]):
        self.sql, self.params, self.converters, self.model = sql, params, converters, model


def _plain(value) -> bool:
    if type(value) is tuple:
        return all(_plain(v) for v in value)
    return isinstance(value, _PLAIN)


def _kept(connection) -> dict:
    found = connection.__dict__.get("_compiled_statements")
    if found is None:
        found = connection.__dict__["_compiled_statements"] = {}
    return found


def forget(**_kwargs) -> None:
    for connection in connections.all(initialized_only=True):
        connection.__dict__.pop("_compiled_statements", None)


setting_changed.connect(forget, dispatch_uid="lib.compiled.forget")


def _statement(kind: str, build: Callable[..., QuerySet], args: tuple) -> _Statement:
    if "<" in build.__qualname__:  # a lambda or a closure: its inputs are not all in `args`
        raise TypeError(f"{build.__qualname__}: a builder must be a module-level function")
    if not all(_plain(a) for a in args):
        raise TypeError(f"{build.__qualname__}: arguments must be plain values, not {args!r}")
    key = (kind, build, args)
    using = "default"
    connection = connections[using]
    kept = _kept(connection)
    statement = kept.get(key)
    if statement is None:
        queryset = build(*args)
        if queryset.db != using:
            raise ValueError(f"{build.__qualname__}: only the default database is supported")
        if kind == "instances" and queryset.query.select_related:
            raise ValueError(f"{build.__qualname__}: select_related() cannot be run as raw SQL")
        if kind == "count" and not queryset.query.is_sliced:
            queryset = queryset.order_by()
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        converters = {}
        if kind == "rows":
            # As Django's own results: the selected columns only (ordering may add more).
            if compiler.col_count != len(compiler.select):
                raise ValueError(f"{build.__qualname__}: extra columns cannot be run as rows")
            converters = compiler.get_converters([column for column, _, _ in compiler.select])
        if kind == "count" and sql is not None:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 - the ORM's own SQL
        statement = _Statement(sql, tuple(params), converters, queryset.model)
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[key] = statement
    return statement


def count(build: Callable[..., QuerySet], *args) -> int:
    """`build(*args).count()`."""
    statement = _statement("count", build, args)
    if statement.sql is None:
        return 0
    with connections["default"].cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return cursor.fetchone()[0]


def rows(build: Callable[..., QuerySet], *args) -> list[tuple]:
    """`list(build(*args).values_list(...))`: the rows of a `values()` / `values_list()`
    queryset as tuples in its select order, each value converted as Django would."""
    statement = _statement("rows", build, args)
    if statement.sql is None:
        return []
    connection = connections["default"]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        found = cursor.fetchall()
    if not statement.converters:
        return [tuple(row) for row in found]
    out = []
    for row in found:
        row = list(row)
        for position, (convs, expression) in statement.converters.items():
            value = row[position]
            for converter in convs:
                value = converter(value, expression, connection)
            row[position] = value
        out.append(tuple(row))
    return out


def instances(build: Callable[..., QuerySet], *args) -> list[Model]:
    """`list(build(*args))` for a queryset without `select_related()`: model instances
    (deferred fields and annotations as the queryset has them)."""
    statement = _statement("instances", build, args)
    if statement.sql is None:
        return []
    return list(statement.model._default_manager.raw(statement.sql, statement.params))
