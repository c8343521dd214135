"""Printer URLs: one string in the settings says how to reach the printer and how to talk to it.

    tcp://192.168.1.50:9100?encoding=gbk&width=58
    usb://0416:5011?cutter=0
    serial:///dev/ttyUSB0?baud=9600
    file:///dev/usb/lp0?encoding=raster

A shop owner types these on the settings screen, so a bad one is an `InvalidInput` that names the bad
part in both languages, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from pos_app.errors import InvalidInput
from pos_app.receipt import PaperWidth

SCHEMES = ("tcp", "usb", "serial", "file")
ENCODINGS = ("gbk", "gb18030", "big5", "utf8", "raster")
BAUD_RATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
_COMMON = {"encoding", "width", "cutter", "drawer_pin", "native_qr"}


@dataclass(frozen=True)
class PrinterConfig:
    url: str
    scheme: str
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""  # serial or file path
    baudrate: int = 9600
    encoding: str = "gb18030"  # or 'raster': the receipt goes out as one image, for printers without fonts
    paper: PaperWidth = PaperWidth.MM80
    cutter: bool = True
    drawer_pin: int = 2
    native_qr: bool = False  # cheap printers ignore GS ( k, so the QR is an image unless asked

    @property
    def raster(self) -> bool:
        return self.encoding == "raster"

    @property
    def where(self) -> str:
        """How a message names this printer to the cashier."""
        if self.scheme == "tcp":
            host = f"[{self.host}]" if ":" in self.host else self.host
            return f"{host}:{self.port}"
        if self.scheme == "usb":
            return f"USB {self.vendor_id:04x}:{self.product_id:04x}"
        return self.device


def _bad(url: str, en: str, zh: str) -> InvalidInput:
    return InvalidInput(f"printer address '{url}': {en}", f"打印机地址“{url}”：{zh}")


def _flag(url: str, key: str, value: str) -> bool:
    if value not in ("0", "1"):
        raise _bad(url, f"{key} must be 0 or 1, not '{value}'", f"{key} 只能是 0 或 1，不能是“{value}”")
    return value == "1"


def _options(url: str, query: str, allowed: set[str]) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _bad(url, f"the options '{query}' are malformed", f"选项“{query}”格式不正确") from None
    options: dict[str, str] = {}
    for key, value in pairs:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise _bad(url, f"unknown option '{key}' (known: {known})", f"未知选项“{key}”（可用：{known}）")
        if key in options:
            raise _bad(url, f"option '{key}' is given twice", f"选项“{key}”重复")
        options[key] = value.strip().lower()
    return options


def _endpoint(url: str, scheme: str, netloc: str, path: str, options: dict[str, str]) -> dict[str, object]:
    if scheme == "tcp":
        split = urlsplit(f"//{netloc}")
        if not split.hostname or path not in ("", "/"):
            raise _bad(url, "expected tcp://host:port", "格式应为 tcp://主机:端口")
        try:
            port = 9100 if split.port is None else split.port
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            bad = netloc.rsplit(":", 1)[-1]
            raise _bad(url, f"bad port '{bad}' (1-65535)", f"端口“{bad}”无效（应为 1-65535）")
        return {"host": split.hostname, "port": port}
    if scheme == "usb":
        vid, _, pid = netloc.partition(":")
        try:
            ids = (int(vid, 16), int(pid, 16))
        except ValueError:
            ids = (-1, -1)
        if path not in ("", "/") or not all(0 <= i <= 0xFFFF for i in ids) or len(vid) > 4 or len(pid) > 4:
            raise _bad(
                url,
                f"bad USB id '{netloc}', expected usb://VID:PID in hex like usb://0416:5011",
                f"USB 编号“{netloc}”无效，格式应为 usb://VID:PID（十六进制，如 usb://0416:5011）",
            )
        return {"vendor_id": ids[0], "product_id": ids[1]}
    if netloc or not path.startswith("/"):
        raise _bad(
            url,
            f"expected {scheme}:///path/to/device (three slashes)",
            f"格式应为 {scheme}:///设备路径（三个斜杠）",
        )
    endpoint: dict[str, object] = {"device": path}
    if scheme == "serial":
        baud = options.get("baud", "9600")
        if not baud.isdigit() or int(baud) not in BAUD_RATES:
            raise _bad(url, f"bad baud rate '{baud}' (one of {BAUD_RATES})", f"波特率“{baud}”无效")
        endpoint["baudrate"] = int(baud)
    return endpoint


def parse_printer_url(url: str) -> PrinterConfig:
    """The settings' printer string, checked; every default a printer needs is filled in."""
    text = url.strip()
    split = urlsplit(text)
    scheme = split.scheme.lower()
    if "://" not in text or not scheme:
        raise _bad(
            url,
            "not a printer address; expected e.g. tcp://192.168.1.50:9100",
            "不是打印机地址，示例：tcp://192.168.1.50:9100",
        )
    if scheme not in SCHEMES:
        raise _bad(
            url,
            f"unknown connection '{scheme}' (use {', '.join(SCHEMES)})",
            f"未知的连接方式“{scheme}”（可用：{', '.join(SCHEMES)}）",
        )
    options = _options(url, split.query, _COMMON | ({"baud"} if scheme == "serial" else set()))
    endpoint = _endpoint(url, scheme, split.netloc, split.path, options)
    encoding = options.get("encoding", "gb18030")
    if encoding not in ENCODINGS:
        raise _bad(
            url,
            f"unknown encoding '{encoding}' (use {', '.join(ENCODINGS)})",
            f"未知编码“{encoding}”（可用：{', '.join(ENCODINGS)}）",
        )
    width = options.get("width", "80")
    if width not in ("58", "80"):
        raise _bad(
            url,
            f"paper width must be 58 or 80 (mm), not '{width}'",
            f"纸宽只能是 58 或 80（毫米），不能是“{width}”",
        )
    paper = PaperWidth(int(width))
    pin = options.get("drawer_pin", "2")
    if pin not in ("2", "5"):
        raise _bad(url, f"drawer_pin must be 2 or 5, not '{pin}'", f"钱箱引脚只能是 2 或 5，不能是“{pin}”")
    cutter_default = "1" if paper is PaperWidth.MM80 else "0"  # most 58 mm printers have a tear bar only
    return PrinterConfig(
        url=text,
        scheme=scheme,
        encoding=encoding,
        paper=paper,
        cutter=_flag(url, "cutter", options.get("cutter", cutter_default)),
        drawer_pin=int(pin),
        native_qr=_flag(url, "native_qr", options.get("native_qr", "0")),
        **endpoint,  # type: ignore[arg-type]
    )
