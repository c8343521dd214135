"""Walking the journal's chain entry by entry: numbering, hashes, links, canonical bodies and signatures.

Pure (no database): `audit verify` feeds it the stored rows, `audit verify --file` an auditor's export.

Which signatures are verified, and why that is enough: an Ed25519 verify costs ~170 µs on a till, so all
of 100,000 entries take ~17 s, while the whole verify must take under 5 s. Every entry's hash is checked
against its body, and every entry's `prev` against the *link* of the one before, SHA-256(hash +
signature). Changing any byte of an entry's body breaks its hash; recomputing the hash, or changing the
signature, breaks the next entry's link; rewriting every later entry to hide it changes the newest
entry's hash, and the newest entry's signature then fails, because nobody but the till can sign. So the
head's signature vouches for every entry behind it, and by default the walk verifies the head's, the
first entry's (the journal's start, which names the key) and every Z report's (a closed day's seal stays
provable on its own even after the journal grows). `all_signatures` verifies every one.

What a chain cannot show by itself: the newest entries removed together with their records, leaving an
older head whose signature is good. The copies outside the till catch that: the entries synced to the
cloud, a printed Z report, a customer's receipt with its short code.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any, NamedTuple

from pos_app.journal import GENESIS, JOURNAL_START, KINDS, VERSION, Z_REPORT, canonical, link_of, signature_ok
from pos_app.services.audit_result import AuditResult, Break, at_seq

_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KINDS = frozenset(kind.encode() for kind in KINDS)
_KIND_TEXT = {kind.encode(): kind for kind in KINDS}
_BODY = b'{"at":"%s","data":%s,"day":"%s","device":"%s","kind":"%s","prev":"%s","ref":"%s","seq":%d,"uuid":"%s","v":%d}'
# _BODY cut around its data, the stored time ('2026-11-25 03:00:00.000000', naive UTC) written in ISO
# in place ('2026-11-25T03:00:00+00:00', the microseconds only when there are some), as the journal does.
_HEAD = b'{"at":"%sT%s%s+00:00","data":'
_TAIL = b',"day":"%s","device":"%s","kind":"%s","prev":"%s","ref":"%s","seq":%d,"uuid":"%s","v":%d}'
_WHOLE_SECOND = b".000000"


def _shape_table(classes: dict[bytes, bytes], kept: bytes) -> bytes:
    """A bytes.translate table: each byte of a class to the class's letter, the bytes `kept` to
    themselves, any other byte to '?'."""
    table = bytearray(b"?" * 256)
    for members, letter in classes.items():
        for byte in members:
            table[byte] = letter[0]
    for byte in kept:
        table[byte] = byte
    return bytes(table)


# A row's uuid, ref, day and time are plain (need no escaping in JSON, and have the one form the body
# writes) when they have these shapes: a translate and a comparison, a third of what a regex costs.
_HEX_SHAPE = _shape_table({b"0123456789abcdef": b"x"}, b"-")
_UUID_SHAPE = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
_DIGIT_SHAPE = _shape_table({b"0123456789": b"d"}, b"- :.")
_DAY_SHAPE = b"dddd-dd-dd"
_STORED_AT_SHAPE = b"dddd-dd-dd dd:dd:dd.dddddd"

# Walked's fields as a plain tuple: what step_row gives (a named tuple costs a microsecond to make).
Entry = tuple[int, str, str, str, bool, dict[str, Any] | None]
Row = tuple[bytes, bytes, bytes, bytes, bytes]  # Columns' fields as a plain tuple (a slice of a row)


class Columns(NamedTuple):
    """What a stored row says beside its body, as its UTF-8 bytes (an export has no such row)."""

    uuid: bytes
    kind: bytes
    ref: bytes
    day: bytes  # 'YYYY-MM-DD'
    at: bytes  # naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff', as SQLAlchemy stores it


class Walked(NamedTuple):
    """One entry after the walk: what it is about, and its body when it was read.

    `matched`: the body is exactly the one the records say it should be (the fast path: nothing parsed).
    `fields`: the parsed body otherwise (None when it is not even JSON).
    """

    seq: int
    kind: str
    ref: str
    day: str
    matched: bool
    fields: dict[str, Any] | None


def body_text(
    *, device: str, seq: int, uuid: str, kind: str, ref: str, day: str, at: str, prev: str, data_json: bytes
) -> bytes:
    """pos_app.journal.body_of's bytes, composed from `data_json` (already canonical) and plain strings
    that need no escaping (uuids, hex, ISO dates): what the fast path compares a stored body with.
    tests/pos_app/test_audit.py keeps it equal to body_of."""
    values = (at, data_json, day, device, kind, prev, ref, seq, uuid, VERSION)
    return _BODY % tuple(v.encode() if isinstance(v, str) else v for v in values)


class ChainWalk:
    def __init__(self, device_id: str, public_key: str, all_signatures: bool) -> None:
        self.device_id = device_id
        self._device = device_id.encode() if _UUID.fullmatch(device_id.encode()) else None
        self.public_key = public_key
        self.all_signatures = all_signatures
        self.result = AuditResult(device=device_id, public_key=public_key)
        self.prior_max_ids: dict[str, int] = {}  # from the journal's start
        self.prior_from: int | None = None  # the seq of the entry prior_max_ids was read from
        self._next_seq = 1
        self._prev: str | None = GENESIS  # the link the next entry's prev must be; None: unknown
        self._head: tuple[int, str, str, bool] | None = None  # seq, hash, signature, verified
        self._day_text: dict[bytes, str] = {}  # the few business days, decoded once (and sent once)

    @property
    def breaks(self) -> list[Break]:
        return self.result.breaks

    def step(
        self,
        seq: int,
        body: bytes,
        hash_hex: str,
        signature: str,
        columns: Columns | Row | None = None,
        data_json: bytes | None = None,
    ) -> Walked:
        """Checks one entry, given in seq order. With `data_json` (the canonical data the records say the
        entry holds) and `columns`, a body equal to the one they compose is accepted without parsing it."""
        walked = self.step_row(
            seq, body, hash_hex, signature, columns, None if data_json is None else (data_json,)
        )
        return walked if isinstance(walked, Walked) else Walked(*walked)

    def step_row(
        self,
        seq: int,
        body: bytes,
        hash_hex: str,
        signature: str,
        columns: Columns | Row | None,
        data: tuple[bytes, ...] | None,
    ) -> Entry:
        """step() for the verify's walk of 100,000 rows: the data the records say the entry holds in
        pieces (the body is compared with them where it lies, nothing is joined), the entry walked as a
        plain tuple."""
        self.result.entries += 1
        if seq == self._next_seq:  # _numbering's common case, inline
            prev = self._prev
            self._next_seq = seq + 1
        else:
            prev = self._numbering(seq)
        if sha256(body).hexdigest() != hash_hex:
            self.breaks.append(at_seq(seq, "the hash does not match the body", "哈希值与内容不符"))
        walked = None
        if data is not None and columns is not None and prev is not None:
            walked = self._fast(seq, body, columns, prev, data)
        if walked is None:
            walked = self._read(seq, body, columns, prev)
        try:
            self._prev = link_of(hash_hex, signature)
        except ValueError:
            self.breaks.append(at_seq(seq, "the hash or the signature is not hex", "哈希或签名不是十六进制"))
            self._prev = None
        verified = self.all_signatures or seq == 1 or walked[1] == Z_REPORT
        if verified:
            self._verify(seq, hash_hex, signature)
        self._head = (seq, hash_hex, signature, verified)
        return walked

    # -- a journal walked in stretches (pos_app.services.audit_part) ---------------------------------
    def resume_after(self, seq: int, hash_hex: str, signature: str) -> None:
        """Starts the walk where it would be after the entry `seq` (with that hash and signature) was
        walked, in a journal whose entries run in seq order: the stretch before is another walk's."""
        self._next_seq = max(1, seq + 1)
        try:
            self._prev = link_of(hash_hex, signature)
        except ValueError:
            self._prev = None

    def extend(self, later: ChainWalk) -> None:
        """Takes in the walk of the stretch that follows this one (begun with resume_after on this
        stretch's last entry): afterwards this walk is as if it had walked both stretches itself."""
        self.result.entries += later.result.entries
        self.result.signatures_checked += later.result.signatures_checked
        self.breaks.extend(later.breaks)
        if later.prior_from is not None:
            self.prior_max_ids, self.prior_from = later.prior_max_ids, later.prior_from
        self._next_seq, self._prev = later._next_seq, later._prev
        self._head = later._head or self._head

    def finish(self) -> AuditResult:
        """Verifies the head's signature (it vouches for the chain behind it) and returns the result."""
        if self._head is not None:
            seq, hash_hex, signature, verified = self._head
            if not verified:
                self._verify(seq, hash_hex, signature)
            self.result.head_seq, self.result.head_hash = seq, hash_hex
        return self.result

    # -- the checks ----------------------------------------------------------------------------------
    def _numbering(self, seq: int) -> str | None:
        """Gapless from 1: returns the link this entry's prev must be, None after a gap."""
        expected = self._next_seq
        self._next_seq = max(expected, seq + 1)
        if seq == expected:
            return self._prev
        if seq > expected:
            more = seq - expected - 1  # entries missing after this one
            self.breaks.append(
                at_seq(
                    expected,
                    "missing: the journal has a gap"
                    + (f" (and the {more} entries after it)" if more else ""),
                    "缺失：日志不连续" + (f"（其后 {more} 条也缺失）" if more else ""),
                )
            )
        else:
            self.breaks.append(at_seq(seq, "out of order or repeated", "序号重复或顺序错乱"))
        return None

    def _fast(
        self, seq: int, body: bytes, columns: Columns | Row, prev: str, data: tuple[bytes, ...]
    ) -> Entry | None:
        uuid, kind, ref, day, at = columns
        plain = (
            self._device is not None
            and kind in _KINDS
            and uuid.translate(_HEX_SHAPE) == _UUID_SHAPE
            and ref.translate(_HEX_SHAPE) == _UUID_SHAPE
            and day.translate(_DIGIT_SHAPE) == _DAY_SHAPE
            and at.translate(_DIGIT_SHAPE) == _STORED_AT_SHAPE
        )
        if not plain:  # a value that would need escaping: the slow path judges it
            return None
        micro = at[19:]
        head = _HEAD % (at[:10], at[11:19], b"" if micro == _WHOLE_SECOND else micro)
        tail = _TAIL % (day, self._device, kind, prev.encode(), ref, seq, uuid, VERSION)
        if not body.startswith(head) or not body.endswith(tail):
            return None
        end = len(head)  # body == head + b"".join(data) + tail, compared in place
        for piece in data:
            if not body.startswith(piece, end):
                return None
            end += len(piece)
        if end + len(tail) != len(body):
            return None
        text = self._day_text.get(day)
        if text is None:
            text = self._day_text[day] = day.decode()
        return seq, _KIND_TEXT[kind], ref.decode(), text, True, None

    def _read(self, seq: int, body: bytes, columns: Columns | Row | None, prev: str | None) -> Walked:
        """The slow path: parse the body and check each thing it says."""
        row = _decoded(columns) if columns else None
        fallback = Walked(seq, row[1], row[2], row[3], False, None) if row else None
        try:
            fields = json.loads(body)
        except ValueError:  # not UTF-8, or not JSON
            fields = None
        if not isinstance(fields, dict):
            self.breaks.append(at_seq(seq, "the body is not a JSON object", "内容不是 JSON 对象"))
            return fallback or Walked(seq, "", "", "", False, None)
        self._check_canonical(seq, body, fields)
        said = {name: fields.get(name) for name in ("device", "seq", "uuid", "kind", "ref", "day", "at")}
        if fields.get("v") != VERSION:
            self.breaks.append(at_seq(seq, f"unknown body version {fields.get('v')!r}", "内容版本未知"))
        if said["device"] != self.device_id:
            self.breaks.append(
                at_seq(
                    seq,
                    f"the body names another till ({said['device']})",
                    f"内容属于另一台收银机（{said['device']}）",
                )
            )
        if said["seq"] != seq:
            self.breaks.append(
                at_seq(seq, f"the body says it is seq {said['seq']}", f"内容中的序号是 {said['seq']}")
            )
        if said["kind"] not in KINDS:
            self.breaks.append(
                at_seq(seq, f"unknown kind {said['kind']!r}", f"未知的记录类型 {said['kind']!r}")
            )
        if prev is not None and fields.get("prev") != prev:
            if seq == 1:
                self.breaks.append(at_seq(seq, "does not start the chain", "不是日志的第一条"))
            else:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"does not follow seq {seq - 1}: its prev is not that entry's link",
                        f"与第 {seq - 1} 条的链接断开",
                    )
                )
        if row is not None:
            self._check_columns(seq, row, said)
        if seq == 1 or said["kind"] == JOURNAL_START:
            self._check_start(seq, said["kind"], fields.get("data"))
        return Walked(
            seq,
            str(said["kind"]),
            str(said["ref"]),
            str(said["day"]),
            False,
            fields,
        )

    def _check_canonical(self, seq: int, body: bytes, fields: dict[str, Any]) -> None:
        try:
            same = canonical(fields) == body
        except ValueError:
            self.breaks.append(at_seq(seq, "the body holds a float", "内容中有小数（浮点数）"))
            return
        except UnicodeEncodeError:
            same = False
        if not same:
            self.breaks.append(
                at_seq(seq, "the body is not in its canonical form", "内容不是签名时的规范格式")
            )

    def _check_columns(self, seq: int, row: tuple[str, ...], said: dict[str, Any]) -> None:
        for name, stored, in_body in zip(
            ("uuid", "kind", "ref", "day"),
            row,
            (said["uuid"], said["kind"], said["ref"], said["day"]),
            strict=False,
        ):
            if stored != in_body:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"the row's {name} ({stored}) is not its body's ({in_body})",
                        f"记录的 {name}（{stored}）与内容（{in_body}）不符",
                    )
                )
        if not _same_moment(row[4], said["at"]):
            self.breaks.append(
                at_seq(
                    seq,
                    f"the row's time ({row[4]}) is not its body's ({said['at']})",
                    f"记录时间（{row[4]}）与内容（{said['at']}）不符",
                )
            )

    def _check_start(self, seq: int, kind: object, data: object) -> None:
        if seq != 1 or kind != JOURNAL_START:
            self.breaks.append(
                at_seq(
                    seq, "the journal's start must be seq 1, and only once", "日志起始记录必须且只能是第 1 条"
                )
            )
        if not isinstance(data, dict):
            return
        if data.get("public_key") != self.public_key:
            self.breaks.append(
                at_seq(
                    seq,
                    "the journal's start names another public key than this till's",
                    "日志起始记录中的公钥不是本机的公钥",
                )
            )
        prior = data.get("prior_max_ids")
        if isinstance(prior, dict):
            self.prior_max_ids = {k: v for k, v in prior.items() if isinstance(v, int)}
            self.prior_from = seq

    def _verify(self, seq: int, hash_hex: str, signature: str) -> None:
        self.result.signatures_checked += 1
        if not _HEX64.fullmatch(hash_hex) or not signature_ok(self.public_key, hash_hex, signature):
            self.breaks.append(
                at_seq(
                    seq, "the signature does not verify with the till's public key", "签名无法用本机公钥验证"
                )
            )


def _decoded(columns: Columns | Row) -> tuple[str, ...]:
    return tuple(value.decode("utf-8", "replace") for value in columns)


def _same_moment(stored: str, said: object) -> bool:
    try:
        moment = datetime.fromisoformat(str(said))
        return moment.tzinfo is not None and datetime.fromisoformat(stored).replace(tzinfo=UTC) == moment
    except ValueError:
        return False
