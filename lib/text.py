"""Text hygiene: what the portal keeps of typed or pasted text (issue 24, item 6).

Every form's text field (Django's CharField and its subclasses, in every app)
passes through `clean_field_text`, installed once by `install()` from this app's
`ready()`, so a form added tomorrow is covered too:

- Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, the last two of every
  plane), lone surrogates, and C0 control characters and DEL are dropped: they
  break spreadsheets, XML (HWPX) and e-mail headers and mean nothing to a reader;
- a multi-line field (a Textarea) keeps line breaks (CR LF and CR become LF) and tabs;
- a one-line field refuses a line break with a Korean message (a name stored as
  "…\\r\\nBcc: …" was the probe's case); a tab there becomes a space.

`scrub` is the same cleaning without refusal, for stored text (the data migration
`portal/migrations/0001_clean_stored_text.py`) and for exports (lib.xlsx.safe_cell).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Dropped everywhere: noncharacters, surrogates, C0 controls except TAB/LF/CR, DEL.
_DROP = re.compile(f"[{_NONCHARACTERS}\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?")
LINE_BREAKS = re.compile("[\n\r\u2028\u2029\x85]")


def drop_unkeepable(text: str) -> str:
    """`text` without noncharacters, surrogates, C0 controls other than TAB, LF and CR,
    and DEL (line breaks untouched: lib.xlsx.safe_cell neutralises a leading CR)."""
    return _DROP.sub("", text)


def scrub(text: str, *, multiline: bool = True) -> str:
    """`text` without the characters no field keeps; one-line text also loses its
    line breaks and tabs (each becomes a space)."""
    text = _NEWLINES.sub("\n", _DROP.sub("", text))
    if not multiline:
        text = LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return text


def clean_field_text(value: str, *, multiline: bool) -> str:
    """A form field's text: dropped characters gone; a line break in a one-line field
    is refused (ValidationError, Korean)."""
    value = _NEWLINES.sub("\n", _DROP.sub("", value))
    if multiline:
        return value
    if LINE_BREAKS.search(value):
        raise ValidationError(
            _("이 칸에는 줄을 바꾸지 말고 한 줄로 적어 주세요."), code="line_break"
        )
    return value.replace("\t", " ")


def _is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


def install() -> None:
    """Wrap CharField.to_python once: every text field of every form is cleaned."""
    if getattr(forms.CharField.to_python, "_text_hygiene", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        if isinstance(value, str) and value and not isinstance(self.widget, forms.PasswordInput):
            value = clean_field_text(value, multiline=_is_multiline(self))
        return value

    to_python._text_hygiene = True
    forms.CharField.to_python = to_python


def scrub_stored(model) -> int:
    """Clean every text column of `model`'s rows in place (CharField: one line;
    TextField: multi-line). Returns how many rows changed. Used by the data migration
    with its historical models; rows are read in chunks, only changed rows written."""
    from django.db import models as db_models

    fields = [
        (f.attname, isinstance(f, db_models.TextField))
        for f in model._meta.concrete_fields
        if isinstance(f, db_models.CharField | db_models.TextField) and not f.choices
    ]
    if not fields:
        return 0
    changed = 0
    names = [name for name, _ in fields]
    for row in model._base_manager.only("pk", *names).iterator(chunk_size=1000):
        updates = {}
        for name, multiline in fields:
            value = getattr(row, name)
            if isinstance(value, str) and value:
                clean = scrub(value, multiline=multiline)
                if clean != value:
                    updates[name] = clean
        if updates:
            model._base_manager.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed
