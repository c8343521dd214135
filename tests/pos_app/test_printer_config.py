"""Printer URLs as a shop owner types them on the settings screen: good ones, and clear refusals."""

from __future__ import annotations

import pytest

from pos_app.errors import InvalidInput
from pos_app.printer_config import PrinterConfig, parse_printer_url
from pos_app.receipt import PaperWidth


def test_a_network_printer_gets_every_default() -> None:
    config = parse_printer_url("tcp://192.168.1.50")
    assert (config.scheme, config.host, config.port) == ("tcp", "192.168.1.50", 9100)
    assert (config.encoding, config.paper, config.cutter, config.drawer_pin, config.native_qr) == (
        "gb18030",
        PaperWidth.MM80,
        True,
        2,
        False,
    )
    assert config.where == "192.168.1.50:9100"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "tcp://printer.local:9101?encoding=gbk&width=58",
            {"host": "printer.local", "port": 9101, "encoding": "gbk"},
        ),
        ("TCP://[::1]:9100", {"host": "::1", "port": 9100}),
        ("usb://0416:5011?cutter=0", {"vendor_id": 0x0416, "product_id": 0x5011, "cutter": False}),
        ("usb://04B8:E15", {"vendor_id": 0x04B8, "product_id": 0x0E15}),
        ("serial:///dev/ttyUSB0?baud=19200", {"device": "/dev/ttyUSB0", "baudrate": 19200}),
        ("serial:///dev/ttyS0", {"device": "/dev/ttyS0", "baudrate": 9600}),
        ("file:///dev/usb/lp0?encoding=raster", {"device": "/dev/usb/lp0", "raster": True}),
        (
            "tcp://10.0.0.9?drawer_pin=5&native_qr=1&cutter=1",
            {"drawer_pin": 5, "native_qr": True, "cutter": True},
        ),
        ("  tcp://10.0.0.9?encoding=BIG5  ", {"encoding": "big5"}),
    ],
)
def test_good_urls(url: str, expected: dict[str, object]) -> None:
    config = parse_printer_url(url)
    assert {key: getattr(config, key) for key in expected} == expected


def test_58mm_printers_have_no_cutter_unless_told() -> None:
    assert not parse_printer_url("tcp://h?width=58").cutter
    assert parse_printer_url("tcp://h?width=58&cutter=1").cutter


def test_the_config_is_frozen() -> None:
    config = parse_printer_url("tcp://h")
    assert isinstance(config, PrinterConfig)
    with pytest.raises(AttributeError):
        config.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("192.168.1.50:9100", "not a printer address"),
        ("", "not a printer address"),
        ("lpt://printer", "unknown connection 'lpt'"),
        ("tcp://printer:99999", "bad port '99999'"),
        ("tcp://printer:0", "bad port '0'"),
        ("tcp://printer:abc", "bad port 'abc'"),
        ("tcp://:9100", "expected tcp://host:port"),
        ("usb://0416", "bad USB id '0416'"),
        ("usb://xyz:5011", "bad USB id 'xyz:5011'"),
        ("serial://dev/ttyUSB0", "three slashes"),
        ("serial:///dev/ttyUSB0?baud=1234", "bad baud rate '1234'"),
        ("tcp://h?encoding=latin1", "unknown encoding 'latin1'"),
        ("tcp://h?width=76", "paper width must be 58 or 80"),
        ("tcp://h?cutter=yes", "cutter must be 0 or 1"),
        ("tcp://h?drawer_pin=3", "drawer_pin must be 2 or 5"),
        ("tcp://h?colour=red", "unknown option 'colour'"),
        ("tcp://h?baud=9600", "unknown option 'baud'"),
        ("tcp://h?width=58&width=80", "option 'width' is given twice"),
    ],
)
def test_bad_urls_name_the_bad_part_in_both_languages(url: str, names: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_printer_url(url)
    assert names in error.value.en
    assert "打印机地址" in error.value.zh and url.strip() in error.value.zh
