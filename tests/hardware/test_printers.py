"""The drivers against stand-in printers: each way a printer fails gives its own PrinterUnavailable kind."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.printer_status import QUERY
from hardware.printers import FilePrinter, TcpPrinter, open_printer
from hardware.receipt_job import receipt_job
from pos_app.ports import PrinterStatus
from pos_app.printer_config import parse_printer_url
from pos_app.printing_errors import PrinterProblem, PrinterUnavailable
from pos_app.receipt import sample_receipt
from tests.hardware.fake_printer import FakePrinter, closed_port

FAST = {"connect_timeout": 0.5, "write_timeout": 0.3, "status_timeout": 0.1}


@pytest.fixture
def make_printer() -> Iterator[type[FakePrinter]]:
    made: list[FakePrinter] = []

    class Tracked(FakePrinter):
        def __post_init__(self) -> None:
            super().__post_init__()
            made.append(self)

    yield Tracked
    for printer in made:
        printer.close()


def job(url: str, encoding: str = "gb18030") -> bytes:
    return receipt_job(sample_receipt(), parse_printer_url(f"{url}?encoding={encoding}"), kick_drawer=True)


def tcp(url: str, **options: float) -> TcpPrinter:
    printer = open_printer(parse_printer_url(url), **{**FAST, **options})
    assert isinstance(printer, TcpPrinter)
    return printer


def test_a_working_printer_receives_exactly_the_job(make_printer: type[FakePrinter]) -> None:
    server = make_printer()
    data = job(server.url)
    tcp(server.url, check_paper=False).send(data)
    assert server.wait_for_jobs(1) == [data]


def test_paper_is_checked_first_when_the_printer_answers(make_printer: type[FakePrinter]) -> None:
    server = make_printer(answers_status=True)
    data = job(server.url, "raster")
    printer = tcp(server.url)
    printer.send(data)
    printer.send(data)
    assert server.wait_for_jobs(2) == [QUERY + data, QUERY + data]
    assert printer.status() is PrinterStatus.ONLINE


def test_a_printer_that_never_answers_status_is_asked_only_once(make_printer: type[FakePrinter]) -> None:
    server = make_printer()
    printer = tcp(server.url)
    printer.send(b"\x1b@one\n")
    printer.send(b"\x1b@two\n")
    assert server.wait_for_jobs(2) == [QUERY + b"\x1b@one\n", b"\x1b@two\n"]
    assert printer.status() is PrinterStatus.UNKNOWN


def test_a_refused_connection_is_offline_with_the_address_in_the_message() -> None:
    url = f"tcp://127.0.0.1:{closed_port()}"
    with pytest.raises(PrinterUnavailable) as error:
        tcp(url).send(b"x")
    assert error.value.problem is PrinterProblem.OFFLINE and error.value.can_retry
    assert error.value.zh == f"打印机未连接（127.0.0.1:{url.rsplit(':', 1)[1]} 拒绝连接）"
    assert tcp(url).status() is PrinterStatus.OFFLINE


def test_a_printer_that_accepts_then_stalls_times_out(make_printer: type[FakePrinter]) -> None:
    server = make_printer(mode="stall")
    with pytest.raises(PrinterUnavailable) as error:
        tcp(server.url).send(job(server.url, "raster"))
    assert error.value.problem is PrinterProblem.TIMEOUT
    assert "超时" in error.value.zh


def test_a_printer_that_hangs_up_mid_job_is_disconnected(make_printer: type[FakePrinter]) -> None:
    server = make_printer(mode="close_mid_job", close_after=2000)
    with pytest.raises(PrinterUnavailable) as error:
        tcp(server.url, check_paper=False).send(job(server.url, "raster"))
    assert error.value.problem is PrinterProblem.DISCONNECTED
    assert "不完整" in error.value.zh


def test_a_printer_out_of_paper_gets_no_job_and_says_so(make_printer: type[FakePrinter]) -> None:
    server = make_printer(mode="paper_out")
    printer = tcp(server.url)
    with pytest.raises(PrinterUnavailable) as error:
        printer.send(job(server.url))
    assert error.value.problem is PrinterProblem.PAPER_OUT and str(error.value).startswith("打印机缺纸")
    assert server.wait_for_jobs(1) == [QUERY]  # the receipt was not sent into a printer without paper
    assert printer.status() is PrinterStatus.PAPER_OUT


def test_a_connect_that_gets_no_answer_times_out() -> None:
    """A listener whose queue is full drops new connection attempts, like a host that is not there."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        url = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        queued: list[socket.socket] = []
        for _ in range(8):
            try:
                queued.append(socket.create_connection(listener.getsockname(), timeout=0.1))
            except TimeoutError:
                break  # the queue is full: the next attempt gets no answer either
        else:
            pytest.skip("this kernel answers connections beyond the listen queue")
        try:
            with pytest.raises(PrinterUnavailable) as error:
                tcp(url, connect_timeout=0.2).send(b"x")
        finally:
            for sock in queued:
                sock.close()
    assert error.value.problem is PrinterProblem.TIMEOUT


def test_a_device_file_gets_the_job(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = open_printer(parse_printer_url(f"file://{device}"))
    printer.send(b"\x1b@one\n")
    printer.send(b"\x1b@two\n")
    assert device.read_bytes() == b"\x1b@one\n\x1b@two\n"
    assert printer.status() is PrinterStatus.UNKNOWN


@pytest.mark.parametrize("name", ["missing", "a-directory"])
def test_a_missing_or_unusable_device_is_offline(tmp_path: Path, name: str) -> None:
    (tmp_path / "a-directory").mkdir()
    printer = FilePrinter(parse_printer_url(f"file://{tmp_path / name}"))
    with pytest.raises(PrinterUnavailable) as error:
        printer.send(b"x")
    assert error.value.problem is PrinterProblem.OFFLINE
    assert printer.status() is PrinterStatus.OFFLINE
    assert not (tmp_path / "missing").exists()  # never created as a plain file


def test_a_device_that_stops_taking_data_times_out(tmp_path: Path) -> None:
    fifo = tmp_path / "printer"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open, but never read: a jammed printer
    try:
        with pytest.raises(PrinterUnavailable) as error:
            FilePrinter(parse_printer_url(f"file://{fifo}"), write_timeout=0.2).send(b"x" * 1_000_000)
    finally:
        os.close(reader)
    assert error.value.problem is PrinterProblem.TIMEOUT


@pytest.mark.parametrize(
    ("url", "module", "package"),
    [("usb://0416:5011", "usb", "pyusb"), ("serial:///dev/ttyUSB0", "serial", "pyserial")],
)
def test_usb_and_serial_without_their_library_say_what_to_install(
    url: str, module: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # python-escpos's own answer on a machine where the library is missing
    monkeypatch.setattr(f"escpos.printer.{module}.is_usable", lambda: False)
    printer = open_printer(parse_printer_url(url))
    with pytest.raises(PrinterUnavailable) as error:
        printer.send(b"x")
    assert error.value.problem is PrinterProblem.NO_DRIVER and not error.value.can_retry
    assert package in error.value.en and package in error.value.zh
    assert printer.status() is PrinterStatus.OFFLINE


@pytest.mark.parametrize("url", ["usb://0416:5011", "serial:///dev/ttyUSB-not-there"])
def test_a_usb_or_serial_printer_that_is_not_plugged_in_is_offline(url: str) -> None:
    printer = open_printer(parse_printer_url(url))
    with pytest.raises(PrinterUnavailable) as error:
        printer.send(b"x")
    assert error.value.problem is PrinterProblem.OFFLINE and error.value.can_retry
    assert printer.status() is PrinterStatus.OFFLINE
