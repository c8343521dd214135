"""Slow calls run off the GUI thread and report back on it."""

from __future__ import annotations

import threading

from pos_app.errors import InvalidInput
from ui import worker


def test_the_call_runs_elsewhere_and_the_result_comes_back_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def slow() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    worker.run_in_background(slow, lambda r: seen.update(result=r, callback=threading.get_ident()), print)
    qtbot.waitUntil(lambda: "result" in seen)

    assert seen["worker"] != gui
    assert seen["callback"] == gui and seen["result"] == 42
    assert worker.pending() == 0


def test_an_error_comes_back_as_the_exception_itself(qtbot):
    errors: list[BaseException] = []

    def refuse() -> None:
        raise InvalidInput("no", "不行")

    worker.run_in_background(refuse, lambda _r: None, errors.append)
    assert worker.wait_for_background()

    assert len(errors) == 1 and isinstance(errors[0], InvalidInput) and str(errors[0]) == "不行"
