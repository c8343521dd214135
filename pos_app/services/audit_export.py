"""The journal for an auditor: one JSON Lines file, and its check on any machine without the till's database.

Format (UTF-8, one JSON object a line, so a file of 100,000 entries is written and read as a stream):

- line 1, the header: {"format": "till-journal-export", "version": 1, "device": the till's uuid,
  "public_key": its Ed25519 key (raw, hex), "entries": how many follow, "head_seq", "head_hash",
  "exported_at", "rules": the rules below in words};
- then one line an entry, in seq order: {"seq", "body", "hash", "signature"}, the body exactly as stored
  (a JSON string holding the canonical JSON that was hashed).

The file is written to a temporary name beside the target, flushed to disk and renamed, so a crash never
leaves half an export under the auditor's file name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from pos_app.errors import InvalidInput, StorageError
from pos_app.services.audit_book import JournalBook
from pos_app.services.audit_chain import ChainWalk
from pos_app.services.audit_result import AuditResult, Break

FORMAT = "till-journal-export"
VERSION = 1
RULES = [
    "Each entry's body is the canonical JSON (keys sorted, no spaces, UTF-8, integers only) of "
    "{v, device, seq, uuid, kind, ref, day, at, prev, data}; money is integer fen.",
    "hash = SHA-256 of the body's UTF-8 bytes, hex.",
    "signature = Ed25519 signature of the hash's 32 bytes with the till's key (public_key), hex.",
    "seq runs 1, 2, 3... without a gap; prev of entry 1 is 64 zeros, prev of entry n is "
    "SHA-256(hash bytes + signature bytes) of entry n-1, so the newest signature vouches for every entry.",
    "Entry 1 is the journal's start (kind journal_start); its data names the public key.",
    "A sale's data is the order: subtotal - line and order discounts + rounding = total = the sum of the "
    "net of the lines not voided = the sum of the tenders' amounts.",
    "A Z report's data (z_no, business_day, orders, gross_fen, voids_fen, refunds_fen, net_fen, "
    "grand_total_fen, tenders) is recomputed from the entries of its business day: orders and gross from "
    "the sale entries, voids from the totals of the orders the void entries name, refunds from the refund "
    "entries; net = gross - voids - refunds; grand total = the previous Z's + net; Z numbers have no gap.",
]
_ENTRIES = "SELECT seq, body, hash, signature FROM journal_entries ORDER BY seq"
_BATCH = 2000


def write_export(conn: Connection, path: Path, device_id: str, public_key: str, now: datetime) -> int:
    """Writes every entry of the journal to `path` (atomically); returns how many."""
    count, head_seq, head_hash = conn.exec_driver_sql(
        "SELECT count(*), max(seq), (SELECT hash FROM journal_entries ORDER BY seq DESC LIMIT 1) "
        "FROM journal_entries"
    ).one()
    header = {
        "format": FORMAT,
        "version": VERSION,
        "device": device_id,
        "public_key": public_key,
        "entries": count,
        "head_seq": head_seq or 0,
        "head_hash": head_hash or "",
        "exported_at": now.isoformat(),
        "rules": RULES,
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            cursor = conn.exec_driver_sql(_ENTRIES)
            while rows := cursor.fetchmany(_BATCH):
                for seq, body, hash_hex, signature in rows:
                    line = {"seq": seq, "body": body, "hash": hash_hex, "signature": signature}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(
            f"Cannot write the export to {path}: {exc.strerror or exc}",
            f"无法写入导出文件 {path}：{exc.strerror or exc}",
        ) from exc
    return int(count)


def verify_export(path: Path, all_signatures: bool = False) -> AuditResult:
    """Checks an export on its own: the chain, the signatures and every Z against the entries; the
    public key is the file's (compare it with the till's, shown on the till's audit screen and CLI)."""
    lines = _lines(path)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInput(f"{path} is not a journal export", f"{path} 不是日志导出文件")
    walk = ChainWalk(str(header.get("device")), str(header.get("public_key")), all_signatures)
    book = JournalBook()
    for number, line in enumerate(lines, 2):
        try:
            seq, body, hash_hex, signature = (line[key] for key in ("seq", "body", "hash", "signature"))
            if type(seq) is not int or not all(isinstance(v, str) for v in (body, hash_hex, signature)):
                raise TypeError
        except (KeyError, TypeError):
            walk.breaks.append(
                Break(f"line {number}", f"第 {number} 行", "not a journal entry", "不是日志记录")
            )
            continue
        book.add(walk.step(seq, body.encode("utf-8", "surrogatepass"), hash_hex, signature))
    result = walk.finish()
    said = (header.get("entries"), header.get("head_seq"), header.get("head_hash"))
    if said != (result.entries, result.head_seq, result.head_hash):
        result.breaks.append(
            Break(
                "file",
                "文件",
                f"the header says {said[0]} entries up to seq {said[1]}, the file holds {result.entries} "
                f"up to seq {result.head_seq}: it was cut or added to",
                f"文件头写明 {said[0]} 条（到第 {said[1]} 条），实际为 {result.entries} 条"
                f"（到第 {result.head_seq} 条）：文件被截断或添加过",
            )
        )
    result.breaks += book.finish()
    return result


def _lines(path: Path) -> Iterator[Any]:
    try:
        with open(path, encoding="utf-8") as source:
            for number, text in enumerate(source, 1):
                try:
                    yield json.loads(text)
                except ValueError:
                    yield {"unreadable": number}
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", f"无法读取 {path}：{exc}") from exc
