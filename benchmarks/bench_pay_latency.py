"""What the till adds between the cashier's tap on 收款 and the pay request reaching the cloud.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_pay_latency.py [--payments 30]

`pos-cloud serve --sandbox` runs in its own process with the demo shop (`pos-cloud demo-shop`); the till
is the demo till, paired through a relay on loopback that notes the moment each pay request's first
bytes arrive. The payment screen is the real one (TenderDialog with a payment code held, as a scan
leaves it); the clock starts when 收款 is clicked: the attempt written to SQLite (fsync) on the GUI
thread, the worker picking it up, the request signed and sent. Target (issue 6): under 30 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_cloud_pay import cli, free_port, start  # noqa: E402
from pos_app.scan_codes import classify  # noqa: E402
from pos_app.services.demo import seed_demo  # noqa: E402
from pos_app.services.till import Till  # noqa: E402
from sync.pairing import pair  # noqa: E402
from sync.payment_gateway import TillGateway  # noqa: E402

MARK = b"POST /v1/payments/pay "


class Relay:
    """Forwards loopback TCP to the cloud; notes time.perf_counter() when a pay request line arrives."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.arrivals: list[float] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, watch: bool) -> None:
        try:
            while data := src.recv(65536):
                if watch and MARK in data:
                    self.arrivals.append(time.perf_counter())
                dst.sendall(data)
        except OSError:
            pass
        finally:
            dst.close()


def cloud(work: Path) -> tuple[subprocess.Popen[bytes], int, str]:
    """The demo shop's cloud with the sandbox, as scripts/till.sh runs it; its pairing code."""
    db = f"sqlite:///{work / 'cloud.db'}"
    port = free_port()
    process = start(db, port)
    return process, port, cli(db, "demo-shop", "--base-url", f"http://127.0.0.1:{port}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=30)
    args = parser.parse_args()
    from ui.app import build_main_window, prepare_application
    from ui.qt import QApplication
    from ui.tender_dialog import TenderDialog

    work = Path(tempfile.mkdtemp(prefix="bench-pay-"))
    process, port, code = cloud(work)
    try:
        relay = Relay(port)
        till = Till(work / "till")
        seed_demo(till)
        pair(till, relay.url, code)
        till.use_payment_gateway(TillGateway(till))
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        prepare_application(app, "zh_CN")
        window = build_main_window(till)
        window.show()
        cashier = till.auth.cashiers()[0]
        product = till.catalog.index().products[0]
        added: list[float] = []
        for i in range(args.payments + 3):  # the first few warm up the connection and the caches
            sale = till.new_sale(cashier)
            sale.add(product, 1)
            dialog = TenderDialog(
                till, sale, window.payment_watch, window, classify(f"13456789012345{i % 100:02d}01")
            )
            dialog.open()
            app.processEvents()
            before = len(relay.arrivals)
            tapped = time.perf_counter()
            dialog.scan_page.charge_button.click()
            deadline = time.monotonic() + 10
            while len(relay.arrivals) == before and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.0005)
            if len(relay.arrivals) == before:
                sys.exit("the pay request never left")
            if i >= 3:
                added.append((relay.arrivals[before] - tapped) * 1000)
            while dialog.session.attempt is not None and dialog.session.attempt.state.pending:
                app.processEvents()
                time.sleep(0.001)
            dialog.hide()
            dialog.deleteLater()
            app.processEvents()
        added.sort()
        print(
            f"tap on 收款 -> pay request at the cloud, {len(added)} payments: "
            f"median {statistics.median(added):.1f} ms, p95 {added[int(len(added) * 0.95) - 1]:.1f} ms, "
            f"max {added[-1]:.1f} ms (target < 30 ms)"
        )
        window.close()
        till.close()
        return 0
    finally:
        process.kill()


if __name__ == "__main__":
    sys.exit(main())
