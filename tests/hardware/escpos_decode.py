"""A strict ESC/POS reader for tests: what a Chinese thermal printer would print from a byte stream.

It knows only the commands our encoders send and fails on anything else, so a stray byte shows up as a
test failure instead of as junk on a shop's receipt. Text bytes are decoded with the printer's encoding
only while Chinese mode is on (FS &); outside it a byte >= 0x80 is an error, because a real printer
would print it from a single-byte code page as garbage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODECS = {"gbk": "gbk", "gb18030": "gb18030", "big5": "cp950", "utf8": "utf-8"}


class EscPosError(AssertionError):
    pass


@dataclass(frozen=True)
class PrintedLine:
    text: str
    center: bool
    bold: bool
    double: bool


@dataclass
class Printout:
    lines: list[PrintedLine] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def kinds(self, kind: str) -> list[tuple[object, ...]]:
        return [e for e in self.events if e[0] == kind]


def _char_length(data: bytes, i: int, codec: str) -> int:
    lead = data[i]
    if lead < 0x80:
        return 1
    if codec == "utf-8":
        return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    if codec == "gb18030" and i + 1 < len(data) and 0x30 <= data[i + 1] <= 0x39:
        return 4
    return 2


class _Reader:
    def __init__(self, data: bytes, encoding: str) -> None:
        self.data, self.codec, self.i = data, CODECS.get(encoding, "ascii"), 0
        self.out = Printout()
        self.reset()

    def reset(self) -> None:
        self.chinese, self.center, self.bold, self.double = False, False, False, False
        self.text, self.qr_data = bytearray(), b""
        self.line_style: tuple[bool, bool, bool] | None = None

    def take(self, n: int) -> bytes:
        if self.i + n > len(self.data):
            raise EscPosError(f"command cut short at byte {self.i}")
        chunk = self.data[self.i : self.i + n]
        self.i += n
        return chunk

    def end_line(self) -> None:
        try:
            text = bytes(self.text).decode(self.codec)
        except UnicodeDecodeError as exc:
            raise EscPosError(f"undecodable text {bytes(self.text)!r}: {exc}") from None
        center, bold, double = self.line_style or (self.center, self.bold, self.double)
        self.out.lines.append(PrintedLine(text, center, bold, double))
        self.text, self.line_style = bytearray(), None

    def esc(self) -> None:
        cmd = self.take(1)
        if cmd == b"@":
            self.reset()
            self.out.events.append(("init",))
        elif cmd == b"a":
            self.center = self.take(1)[0] in (1, 49)
        elif cmd == b"E":
            self.bold = self.take(1)[0] & 1 == 1
        elif cmd == b"d":
            self.out.events.append(("feed", self.take(1)[0]))
        elif cmd == b"p":
            m, _t1, _t2 = self.take(3)
            self.out.events.append(("drawer", 2 if m in (0, 48) else 5))
        elif cmd in (b"t", b"!", b"3"):
            self.take(1)
        elif cmd != b"2":
            raise EscPosError(f"unknown command ESC {cmd!r} at byte {self.i - 1}")

    def gs(self) -> None:
        cmd = self.take(1)
        if cmd == b"!":
            self.double = self.take(1)[0] == 0x11
        elif cmd == b"V":
            m = self.take(1)[0]
            if m in (65, 66, 97, 98, 103, 104):
                self.take(1)
            self.out.events.append(("cut", m))
        elif cmd == b"v":
            _zero, _density, xl, xh, yl, yh = self.take(6)
            width_bytes, height = xl + 256 * xh, yl + 256 * yh
            self.take(width_bytes * height)
            self.out.events.append(("raster", width_bytes * 8, height))
        elif cmd == b"(":
            fn_group = self.take(1)
            pl, ph = self.take(2)
            body = self.take(pl + 256 * ph)
            if fn_group == b"k" and body[:2] == b"1P":
                self.qr_data = body[3:]
            elif fn_group == b"k" and body[:2] == b"1Q":
                self.out.events.append(("qr", self.qr_data.decode("utf-8")))
        elif cmd == b"k":
            m = self.take(1)[0]
            if m > 6:
                code = self.take(self.take(1)[0])
            else:
                end = self.data.index(b"\0", self.i)
                code = self.take(end - self.i)
                self.take(1)
            self.out.events.append(("barcode", code.decode("ascii")))
        elif cmd in (b"H", b"h", b"w", b"f"):
            self.take(1)
        else:
            raise EscPosError(f"unknown command GS {cmd!r} at byte {self.i - 1}")

    def run(self) -> Printout:
        while self.i < len(self.data):
            byte = self.data[self.i]
            if byte == 0x1B:
                self.i += 1
                self.esc()
            elif byte == 0x1D:
                self.i += 1
                self.gs()
            elif byte == 0x1C:
                cmd = self.take(2)[1:]
                if cmd not in (b"&", b"."):
                    raise EscPosError(f"unknown command FS {cmd!r}")
                self.chinese = cmd == b"&"
            elif byte == 0x10:
                self.take(3)
                self.out.events.append(("status_query",))
            elif byte == 0x0A:
                self.i += 1
                self.end_line()
            elif byte < 0x20:
                raise EscPosError(f"unexpected control byte {byte:#04x} at {self.i}")
            elif byte >= 0x80 and not self.chinese:
                raise EscPosError(f"byte {byte:#04x} at {self.i} sent while Chinese mode is off")
            else:
                if self.line_style is None:
                    self.line_style = (self.center, self.bold, self.double)
                n = _char_length(self.data, self.i, self.codec) if self.chinese else 1
                self.text += self.take(n)
        if self.text:
            raise EscPosError(f"text {bytes(self.text)!r} never ended with a line feed")
        return self.out


def decode(data: bytes, encoding: str) -> Printout:
    return _Reader(data, encoding).run()
