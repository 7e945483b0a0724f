"""The audit records' hash chain: append under a lock, verify, checkpoint on retention.

Each AuditEvent gets the next number (`seq`) and a keyed hash (HMAC-SHA256) of its
content together with the previous record's hash. The key is AUDIT_CHAIN_KEY
(DJANGO_AUDIT_CHAIN_KEY; by default derived from SECRET_KEY) and is not stored in
the database, so someone who can write SQL but not read the server's settings
cannot forge a matching hash: a changed record no longer matches its hash, an
inserted one breaks the link, a removed one leaves a gap in the numbers. The
retention command removes only the oldest run of expired records and leaves a
signed checkpoint (the last removed number and hash) the chain continues from.

Appending locks the one AuditChain row (SELECT … FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers), so concurrent records never share a
number or a predecessor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from council.models import AuditChain, AuditCheckpoint, AuditEvent, ChainedRecord, LoginRecord

CHAINED = {model.CHAIN: model for model in (AuditEvent, LoginRecord)}


def _key() -> bytes:
    base = settings.AUDIT_CHAIN_KEY or settings.SECRET_KEY
    return hashlib.sha256(("council.audit_chain:" + base).encode()).digest()


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def _sign(parts: list) -> str:
    message = json.dumps([_plain(p) for p in parts], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def content_hash(record: ChainedRecord) -> str:
    return _sign([record.CHAIN, record.seq, record.prev_hash, *record.chain_content()])


def checkpoint_signature(checkpoint: AuditCheckpoint) -> str:
    return _sign(
        ["checkpoint", checkpoint.chain, checkpoint.seq, checkpoint.hash, checkpoint.removed]
    )


def _lock_head(chain: str) -> AuditChain:
    head, _ = AuditChain.objects.select_for_update().get_or_create(name=chain)
    return head


def append(record: ChainedRecord, save) -> None:
    """Save a new record (`save` stores the row) as its chain's next link."""
    ip_field = type(record)._meta.get_field("ip_address")
    # No savepoint inside a request's transaction: a failure fails the whole write.
    with transaction.atomic(savepoint=False):
        head = _lock_head(record.CHAIN)
        record.ip_address = ip_field.get_prep_value(record.ip_address) or None
        record.seq = head.seq + 1
        record.prev_hash = head.hash
        record.hash = content_hash(record)
        save()
        head.seq, head.hash = record.seq, record.hash
        head.save(update_fields=["seq", "hash"])


def remove_expired(model: type[ChainedRecord], cutoff: dt.datetime) -> int:
    """Remove the oldest run of records older than `cutoff` (a record after a newer
    one waits for it) and leave a checkpoint. Returns how many were removed."""
    with transaction.atomic():
        _lock_head(model.CHAIN)
        first_kept = (
            model.objects.filter(at__gte=cutoff, seq__isnull=False)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        run = model.objects.filter(seq__isnull=False)
        if first_kept is not None:
            run = run.filter(seq__lt=first_kept)
        last = run.order_by("-seq").values("seq", "hash").first()
        if last is None:
            return 0
        removed = run.delete()[0]
        checkpoint = AuditCheckpoint(
            chain=model.CHAIN, seq=last["seq"], hash=last["hash"], removed=removed
        )
        checkpoint.signature = checkpoint_signature(checkpoint)
        checkpoint.save()
        return removed


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int | None
    kind: str  # "changed", "inserted", "removed", "checkpoint"
    text: str


def verify(chain: str) -> list[Problem]:
    """Every break in one chain, oldest first (empty: intact)."""
    model = CHAINED[chain]
    problems: list[Problem] = []

    def problem(seq, kind, text):
        problems.append(Problem(chain, seq, kind, text))

    checkpoint = AuditCheckpoint.objects.filter(chain=chain).order_by("-seq").first()
    expected_seq, expected_prev = 1, ""
    if checkpoint is not None:
        if not hmac.compare_digest(checkpoint.signature, checkpoint_signature(checkpoint)):
            problem(checkpoint.seq, "checkpoint", f"보존 기준점 #{checkpoint.seq}이 바뀌었습니다")
        expected_seq, expected_prev = checkpoint.seq + 1, checkpoint.hash
    for pk in model.objects.filter(seq__isnull=True).values_list("pk", flat=True):
        problem(None, "inserted", f"일련번호 없이 끼워 넣은 기록 (id {pk})")
    last_seq = expected_seq - 1
    rows = model.objects.filter(seq__isnull=False).order_by("seq")
    for record in rows.iterator(chunk_size=2000):
        if record.seq < expected_seq:
            problem(record.seq, "inserted", f"#{record.seq}: 보존 기준점 앞에 끼워 넣은 기록")
            continue
        if record.seq > expected_seq:
            first, last = expected_seq, record.seq - 1
            span = f"#{first}" if first == last else f"#{first}~#{last}"
            problem(first, "removed", f"{span}: 지워진 기록")
        elif record.prev_hash != expected_prev:
            problem(record.seq, "inserted", f"#{record.seq}: 앞 기록과 이어지지 않습니다")
        if not hmac.compare_digest(record.hash, content_hash(record)):
            problem(record.seq, "changed", f"#{record.seq}: 내용이 바뀐 기록 (id {record.pk})")
        expected_seq, expected_prev, last_seq = record.seq + 1, record.hash, record.seq
    head = AuditChain.objects.filter(name=chain).first()
    if head is not None and head.seq > last_seq:
        span = f"#{last_seq + 1}~#{head.seq}" if head.seq > last_seq + 1 else f"#{head.seq}"
        problem(last_seq + 1, "removed", f"{span}: 지워진 마지막 기록")
    return problems
