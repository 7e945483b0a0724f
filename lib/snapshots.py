"""Frozen reports as plain tables, so council pages can show what another app made.

A snapshot is JSON kept on an agenda item (`AgendaItem.snapshot`)::

    {"source": "facility_status", "title": "기관별 현황", "as_of": "2023-12-01",
     "tables": [{"caption": "...", "columns": ["유형", "기관 수", ...],
                 "rows": [["다함께돌봄센터", "3", ...], ...],
                 "footer": ["합계", "13", ...] or null}],
     "notes": ["..."]}

Every cell is already text (numbers formatted by the app that made it); the
first cell of a row is its header. Templates render it with
`council/includes/snapshot_tables.html`, escaping every cell.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict


class Table(TypedDict):
    caption: str
    columns: list[str]
    rows: list[list[str]]
    footer: list[str] | None


class Snapshot(TypedDict):
    source: str
    title: str
    as_of: str
    tables: list[Table]
    notes: list[str]


def make_snapshot(
    *, source: str, title: str, as_of: dt.date, tables: list[Table], notes: list[str] = ()
) -> Snapshot:
    return {
        "source": source,
        "title": str(title),
        "as_of": as_of.isoformat(),
        "tables": [
            {
                "caption": str(table["caption"]),
                "columns": [str(c) for c in table["columns"]],
                "rows": [[str(c) for c in row] for row in table["rows"]],
                "footer": [str(c) for c in table["footer"]] if table.get("footer") else None,
            }
            for table in tables
        ],
        "notes": [str(n) for n in notes],
    }
