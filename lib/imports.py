"""One way in for files: the importer contract every upload of rows goes through.

An import is four steps, named the same in every pipeline:

1. **read** (`Importer.read`): the uploaded file, behind its guard
   (:func:`lib.xlsx.read_table` for xlsx, :mod:`lib.textfiles` for CSV and
   JSON), becomes a plain JSON-able *payload*. A file that cannot be used
   raises :class:`lib.xlsx.UploadRejected` (Korean, row errors capped).
2. **judge** (`Importer.judge`): every row is checked against the database as
   it is now — each cell through its :class:`Column` (:func:`clean_cells`),
   then the pipeline's row rules. Nothing is written. The answer is a
   :class:`Preview`.
3. **preview** (:func:`upload_step`): the payload waits in the one pending
   store (:mod:`lib.uploads`) under the importer's `kind` and `scope`; the page
   shows the preview. A preview with errors is not kept.
4. **apply** (`Importer.apply`, from :func:`confirm_step`): the payload is
   taken out of the store (a second click finds nothing), judged again inside
   ``transaction.atomic`` and written all or nothing. Rows changed since their
   export raise :class:`ConflictsRemain`; any other refusal is a
   :class:`lib.errors.Refused`. The view shows its message and nothing changed.

Writing a new importer (a member roster, say)::

    class RosterImporter(imports.Importer):
        kind = "roster_import"              # the pending-store key
        columns = (
            imports.Column("name", "이름", required=True),
            PhoneColumn("phone", "전화번호"),  # a Column subclass whose clean() checks it
        )

        def __init__(self, council):
            self.council, self.scope = council, council.slug

        def read(self, data):               # data: the upload form's cleaned_data
            return imports.read_xlsx_rows(data["file"], self.columns, max_rows=500)

        def judge_row(self, raw):            # one row: its cells, then its rules
            cells = imports.clean_row(self.columns, raw)   # RowProblem on a bad cell
            if cells["name"] in self.seen:
                raise imports.RowProblem("이름", _("같은 이름이 두 번 있습니다."))
            self.seen.add(cells["name"])
            return cells

        def judge(self, payload):           # nothing is written here
            self.seen = set()
            rows, errors = imports.judge_each(payload, self.judge_row)
            return imports.Preview(rows=rows, errors=errors, actions=["new"] * len(rows))

        @transaction.atomic
        def apply(self, payload, *, user, options):
            preview = self.judge(payload)   # judged again, under the lock
            if preview.errors:
                raise imports.ConflictsRemain(_("그 사이 명단이 바뀌어 ..."))
            ...                             # write every row; return what the page reports

        def applied(self, result):          # the success message and where to go next
            return _("명단 %(n)s명을 반영했습니다.") % {"n": result}, reverse(...)

    def roster_import(request, council):
        council_obj = get_council_for_staff(request.user, council)
        step = imports.upload_step(request, RosterImporter(council_obj), RosterUploadForm)
        return render(request, "council/roster_import.html", {"council": council_obj, **step.context})

    @require_POST
    def roster_import_confirm(request, council):
        council_obj = get_council_for_staff(request.user, council)
        back = reverse("<app>:roster_import", args=[council_obj.slug])
        return imports.confirm_step(request, RosterImporter(council_obj), back=back)

pretix's ``base/modelimport.py`` is the model: columns that clean their own
cell, one validate step per row, one apply step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lib import uploads
from lib.errors import Refused
from lib.xlsx import RowError, UploadRejected, read_table, to_text

__all__ = [
    "Action",
    "ChoiceColumn",
    "Column",
    "IntegerColumn",
    "ConflictsRemain",
    "Importer",
    "Preview",
    "RowError",
    "RoundTripImporter",
    "RowProblem",
    "Step",
    "TextColumn",
    "UploadRejected",
    "clean_cells",
    "clean_row",
    "confirm_step",
    "judge_each",
    "read_xlsx_rows",
    "upload_step",
]


class Action:
    """What a judged row would do: the same four words in every preview."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"
    ALL = (NEW, CHANGED, UNCHANGED, ERROR)


class ConflictsRemain(Refused):
    """Rows changed since their export (or since the preview): nothing was applied.

    The one name for this refusal in every pipeline; the user may choose to
    apply the other rows where the pipeline allows it (``skip_conflicts``).
    """


@dataclass(frozen=True)
class Column:
    """One column of an import (pretix's ``ImportColumn``): its key, its header in the
    file, whether it must be there, a hint for the template, and how a cell is cleaned.

    Subclass and override :meth:`clean` for a column with a rule of its own; raise
    ``ValidationError`` with a Korean message for a cell that cannot be used.
    """

    key: str
    header: str
    required: bool = False
    help: str = ""

    def clean(self, text: str) -> Any:
        return text


@dataclass(frozen=True)
class TextColumn(Column):
    """Text with its line breaks as ``\\n`` and at most `max_length` characters."""

    max_length: int | None = None

    def clean(self, text: str) -> str:
        text = text.replace("\r\n", "\n").strip()
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(_("%(max)s자 이내로 적으세요.") % {"max": self.max_length})
        return text


@dataclass(frozen=True)
class IntegerColumn(Column):
    """A whole number of at most `max_digits` digits (longer text is refused before it is
    converted: Python refuses past 4,300 digits); empty is an error unless `blank`."""

    message: str = ""
    blank: bool = False
    max_digits: int = 12

    def clean(self, text: str) -> int | None:
        text = text.strip().replace(",", "")
        if not text and self.blank:
            return None
        if not text.isdigit() or len(text) > self.max_digits:
            raise ValidationError(self.message or _("0 이상의 숫자로 적어 주세요."))
        return int(text)


@dataclass(frozen=True)
class ChoiceColumn(Column):
    """One of `choices` ({text in the file: value}); empty stays ""."""

    choices: Mapping[str, Any] = field(default_factory=dict)
    message: str = ""

    def clean(self, text: str) -> Any:
        text = text.strip()
        if not text:
            return ""
        if text not in self.choices:
            raise ValidationError(
                self.message
                or _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(self.choices)}
            )
        return self.choices[text]


def clean_cells(
    columns: Iterable[Column], values: Mapping[str, str], *, row: int = 0
) -> tuple[dict[str, Any], list[RowError]]:
    """The one validate step for cells: each present column's `clean`, errors per cell.

    A cell that fails is left out of the cleaned values and reported once,
    under its column header.
    """
    cleaned: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in columns:
        if column.key not in values:
            continue
        try:
            cleaned[column.key] = column.clean(values[column.key])
        except ValidationError as exc:
            errors.extend(RowError(row, column.header, message) for message in exc.messages)
    return cleaned, errors


class RowProblem(Exception):
    """Raised by a pipeline's row rule: this row cannot be used (column header, message)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def clean_row(columns: Iterable[Column], raw: Mapping[str, Any]) -> dict[str, Any]:
    """A payload row's cells cleaned by their columns; the first bad cell is a RowProblem."""
    cleaned, errors = clean_cells(columns, raw["values"], row=raw["row"])
    if errors:
        raise RowProblem(errors[0].column, errors[0].message)
    return cleaned


def judge_each(
    payload: Iterable[Mapping[str, Any]], judge_row: Callable[[Mapping[str, Any]], Any]
) -> tuple[list[Any], list[RowError]]:
    """The one validate step per row: `judge_row(raw)` for every row of the payload;
    a RowProblem becomes that row's RowError and the row is left out."""
    judged: list[Any] = []
    errors: list[RowError] = []
    for raw in payload:
        try:
            judged.append(judge_row(raw))
        except RowProblem as problem:
            errors.append(RowError(raw["row"], problem.column, problem.message))
    return judged, errors


def read_xlsx_rows(
    uploaded_file: Any,
    columns: Sequence[Column],
    *,
    max_rows: int,
    sheet_title: str | None = None,
    empty_message: str = "",
) -> list[dict]:
    """An xlsx upload's data rows as ``{"row": n, "values": {key: text}}``, behind the guard.

    Only the `columns` are read; a missing required header, a file past the
    guard's limits or (with `empty_message`) a file with no rows is refused.
    """
    headers = {c.header: c.key for c in columns}
    for column in columns:  # headers older files used, still read (a column's `aliases`)
        for alias in getattr(column, "aliases", ()):
            headers.setdefault(alias, column.key)
    table = read_table(
        uploaded_file,
        headers=headers,
        required={c.key for c in columns if c.required},
        sheet_title=sheet_title,
        max_rows=max_rows,
    )
    rows = [
        {"row": number, "values": {k: to_text(v) for k, v in values.items()}}
        for number, values in table.rows
    ]
    rows = [r for r in rows if any(r["values"].values())]
    if not rows and empty_message:
        raise UploadRejected(empty_message, code="no_rows")
    return rows


@dataclass
class Preview:
    """What an upload would do: the judged rows, every row error, and the counts.

    `rows` are the pipeline's own row objects (the template shows them);
    `actions` lists each row's :class:`Action` when the pipeline has one per row,
    `changes` counts what would be written when it has not; `detail` is the
    pipeline's own summary for its page (a month, a meeting plan).
    """

    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    changes: int = 0
    conflicts: int = 0
    detail: Any = None

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(self.actions)
        return {action: counted.get(action, 0) for action in Action.ALL}

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or Action.ERROR in self.actions

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return bool(counts[Action.NEW] or counts[Action.CHANGED] or self.changes)

    @property
    def can_apply(self) -> bool:
        return not self.has_errors and self.has_changes


class Importer:
    """The contract; see the module docstring for an example.

    `kind` names the pending upload; `scope` (set per instance) says whose it
    is — a council, a meeting and department — so a preview kept for one is
    never applied to another.
    """

    kind: str = ""
    columns: Sequence[Column] = ()
    scope: str = ""

    def read(self, data: Mapping[str, Any]) -> Any:  # pragma: no cover - the contract
        """The upload form's cleaned data → a JSON-able payload; UploadRejected if unusable."""
        raise NotImplementedError

    def judge(self, payload: Any) -> Preview:  # pragma: no cover - the contract
        """Every row checked against the database as it is now; writes nothing."""
        raise NotImplementedError

    def keepable(self, preview: Preview) -> bool:
        """Whether the payload waits for a confirm: by default when it could be applied."""
        return preview.can_apply

    def stored(self, payload: Any, data: Mapping[str, Any]) -> Any:
        """What waits in the pending store (the payload, perhaps with form values)."""
        return payload

    def options(self, post: Mapping[str, str]) -> dict[str, Any]:
        """The confirm form's choices passed to `apply` (e.g. ``skip_conflicts``)."""
        return {"skip_conflicts": post.get("skip_conflicts") == "1"}

    def apply(
        self, payload: Any, *, user: Any, options: dict[str, Any]
    ) -> Any:  # pragma: no cover - the contract
        """Judge again and write all or nothing (``transaction.atomic``); Refused if not."""
        raise NotImplementedError

    def applied(self, result: Any) -> tuple[str, str]:  # pragma: no cover - the contract
        """The success message and the URL to go to after `apply`."""
        raise NotImplementedError


class RoundTripImporter(Importer):
    """An edited export coming back: each judged row has `changed` and `conflict` (its
    record changed since the export). Such a file is kept for confirm even with
    conflicts: the page offers to apply the other rows (``skip_conflicts``).

    `owner` is what the export was of (a meeting, a council); a reviewer's
    `department` limits the rows, and is part of whose preview it is.
    """

    def __init__(self, owner: Any, *, department: Any = None, as_staff: bool):
        self.owner = owner
        self.department = department
        self.as_staff = as_staff
        self.scope = f"{owner.pk}:{department.pk if department else 'staff'}"

    def write_kwargs(self, skip_conflicts: bool) -> dict[str, Any]:
        """The keywords every round trip's writer takes besides its owner."""
        return {
            "as_staff": self.as_staff,
            "department": self.department,
            "skip_conflicts": skip_conflicts,
        }

    def judge_rows(self, payload: Any) -> list[Any]:  # pragma: no cover - the contract
        raise NotImplementedError

    def write(self, rows: list[Any], *, user: Any, skip_conflicts: bool) -> int:  # pragma: no cover
        """Write the changed rows all or nothing; return how many were saved."""
        raise NotImplementedError

    def judge(self, payload: Any) -> Preview:
        rows = self.judge_rows(payload)
        return Preview(
            rows=rows,
            changes=sum(1 for r in rows if r.changed and not r.conflict),
            conflicts=sum(1 for r in rows if r.conflict),
        )

    def keepable(self, preview: Preview) -> bool:
        return True

    def apply(self, payload: Any, *, user: Any, options: dict[str, Any]) -> tuple[int, int]:
        """(saved, left as they were): judged again, then written."""
        rows = self.judge_rows(payload)
        saved = self.write(rows, user=user, skip_conflicts=options["skip_conflicts"])
        return saved, sum(1 for r in rows if r.conflict)


@dataclass
class Step:
    """The upload page's state: the form, the preview or the refusal."""

    form: Any
    preview: Preview | None = None
    rejected: UploadRejected | None = None
    payload: Any = None

    @property
    def context(self) -> dict[str, Any]:
        return {"form": self.form, "preview": self.preview, "rejected": self.rejected}


def upload_step(
    request: HttpRequest,
    importer: Importer,
    form_class: type,
    *,
    initial: Mapping[str, Any] | None = None,
    error_on_form: bool = True,
) -> Step:
    """Upload → read → judge → keep: the preview half of every import page.

    A refused file is in `step.rejected` (and, with `error_on_form`, on the
    form's file field); an earlier pending upload of this kind is forgotten as
    soon as a new file is posted.
    """
    if request.method != "POST":
        return Step(form=form_class(initial=initial))
    form = form_class(request.POST, request.FILES)
    step = Step(form=form)
    if not form.is_valid():
        return step
    uploads.forget(request, kind=importer.kind)
    try:
        step.payload = importer.read(form.cleaned_data)
        step.preview = importer.judge(step.payload)
    except UploadRejected as exc:
        step.rejected = exc
        if error_on_form:
            form.add_error("file", str(exc))
        return step
    if importer.keepable(step.preview):
        uploads.keep(
            request,
            kind=importer.kind,
            scope=importer.scope,
            payload=importer.stored(step.payload, form.cleaned_data),
        )
    return step


def confirm_step(
    request: HttpRequest,
    importer: Importer,
    *,
    back: str,
    again: Callable[[Any, dict[str, Any]], HttpResponse] | None = None,
    after: Callable[[Any], None] | None = None,
) -> HttpResponse:
    """Take the pending upload (once) and apply it; the confirm half of every import page.

    A refusal redirects to `back` with its message. With `again`, a refusal of
    the confirm's choices (not of the file) keeps the payload and answers
    ``again(payload, options)``: the same preview, with the choices made.
    `after(result)` runs once applied (an audit record, say).
    """
    from django.contrib import messages

    payload = uploads.take(request, kind=importer.kind, scope=importer.scope)
    if payload is None:
        messages.error(request, _("확인할 가져오기 자료가 없습니다. 파일을 다시 올려 주세요."))
        return redirect(back)
    options = importer.options(request.POST)
    try:
        result = importer.apply(payload, user=request.user, options=options)
    except Refused as exc:
        messages.error(request, str(exc))
        if again is None or isinstance(exc, UploadRejected):
            return redirect(back)
        uploads.keep(request, kind=importer.kind, scope=importer.scope, payload=payload)
        return again(payload, options)
    if after is not None:
        after(result)
    message, url = importer.applied(result)
    messages.success(request, message)
    return redirect(url)
