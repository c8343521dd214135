"""An X or Z report on the receipt printer: the same text path as receipts (GB18030 in Chinese mode), cut."""

from __future__ import annotations

from hardware.escpos_text import CHINESE_OFF, CHINESE_ON
from hardware.receipt_job import lines_job
from pos_app.printer_config import parse_printer_url
from pos_app.report_text import report_lines
from tests.pos_app.test_report_forms import TZ, z_report


def test_the_printer_job_sends_the_chinese_in_gb18030_in_chinese_mode_and_cuts() -> None:
    config = parse_printer_url("tcp://192.168.1.50:9100?width=58&cutter=1")
    job = lines_job(report_lines(z_report(), 32, TZ), config)
    assert CHINESE_ON + "净销售额".encode("gb18030") in job
    assert job.count(CHINESE_ON) == job.count(CHINESE_OFF) - 1  # one more off: the job starts with it
    assert job.endswith(b"\x1dV\x01")  # feed, then a partial cut
    raster = lines_job(
        report_lines(z_report(), 32, TZ), parse_printer_url("tcp://10.0.0.2?encoding=raster&cutter=1")
    )
    assert b"\x1dv0" in raster and raster.endswith(b"\x1dV\x01")  # one image, for printers without a font
