"""Worker processes that walk the later stretches of the journal while `audit verify` walks the first.

Processes, not threads: hashing, comparing and rendering 100,000 entries is Python and SQLite work that
one core cannot finish in the verify's 5 s. A worker is a fresh interpreter running this module (not
forked: a fork of a process with open SQLite connections and threads is not safe; not multiprocessing's
spawn either, which runs the caller's main script again in the child), from the very pos_app the
verifying process runs (not one found first in the working directory). It reads its Stretch (pickled)
on stdin, opens the database file read-only itself, and writes its Part (pos_app.services.audit_part) on
stdout.

A worker that cannot start, fails or dies changes nothing but the time: part() then gives None, and the
verifying process walks that stretch itself, with the same result.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import subprocess
import sys
import threading
from types import TracebackType
from typing import IO

import pos_app
from pos_app.services.audit_part import Part, Stretch, reading, walk_stretch

_Worker = subprocess.Popen[bytes]
# The worker's first lines: this process's pos_app first on the path, and no working directory ('').
_BOOT = (
    "import sys; sys.path[:] = [sys.argv[1], *(p for p in sys.path if p)]; "
    "from pos_app.services.audit_workers import main; main()"
)
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(pos_app.__file__)))


class Workers:
    """`count` worker processes, started at once (an interpreter takes a few tenths of a second to start,
    while the verify reads the orders); stopped when the `with` block ends."""

    def __init__(self, db: str, count: int) -> None:
        self._db = db
        self._workers: list[_Worker | None] = [self._start() for _ in range(count)]
        self._started = [worker for worker in self._workers if worker is not None]
        self._handing: list[threading.Thread] = []

    @staticmethod
    def _start() -> _Worker | None:
        if not sys.executable or getattr(sys, "frozen", False):  # no interpreter to run this module with
            return None
        paths = os.pathsep.join(path for path in sys.path if path)
        try:
            return subprocess.Popen(
                [sys.executable, "-c", _BOOT, _ROOT],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": paths},
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
            )
        except OSError:
            return None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for worker in self._started:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
        for thread in self._handing:
            thread.join()
        for worker in self._started:
            for pipe in (worker.stdin, worker.stdout):
                if pipe is not None:
                    pipe.close()

    def hand(self, number: int, stretch: Stretch) -> None:
        """Gives worker `number` its stretch to walk, with the path of the database. A thread writes it
        (a few megabytes, with every order's id), so this process walks its own stretch meanwhile, even
        when the worker is slow to start reading."""
        worker = self._workers[number]
        if worker is not None:
            thread = threading.Thread(target=_send, args=(worker.stdin, (self._db, stretch)), daemon=True)
            thread.start()
            self._handing.append(thread)

    def part(self, number: int) -> Part | None:
        """Worker `number`'s part, once it is walked; None if the worker failed."""
        worker = self._workers[number]
        if worker is None or worker.stdout is None:
            return None
        try:
            part = pickle.loads(worker.stdout.read())
        except Exception:  # it died, or wrote nothing (it failed): EOFError, UnpicklingError, OSError...
            part = None
        worker.wait()
        return part if isinstance(part, Part) else None


def _send(pipe: IO[bytes] | None, value: object) -> None:
    """Writes `value` to a worker and closes its input; a worker that died reads nothing, and part()
    then says so."""
    if pipe is not None:
        with contextlib.suppress(OSError), pipe:
            pipe.write(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """A worker's life: one stretch walked in one read transaction, its part (or nothing) written back."""
    try:
        db, stretch = pickle.loads(source.read())
        with contextlib.closing(reading(db)) as conn:
            part = walk_stretch(conn.cursor(), stretch)
    except Exception:  # nothing written: the verifying process walks the stretch itself, and meets the error
        return
    sink.write(pickle.dumps(part, pickle.HIGHEST_PROTOCOL))
    sink.flush()


def main() -> None:
    gc.disable()  # a short life that makes no cycles: the collector would only walk its 50,000 entries
    serve(sys.stdin.buffer, sys.stdout.buffer)
