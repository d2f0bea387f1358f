"""Run a function in a child process that can be stopped: by a time limit, Ctrl-C or SIGTERM.

A native library (Oxigraph's query evaluator) does not return to Python until it is done, so
neither a Python signal handler nor a thread can stop it. `call_in_child` runs the function in
a forked child and waits for its answer; when the time is up, or Ctrl-C (SIGINT) or SIGTERM
arrives, it kills the child and raises. The child ignores Ctrl-C (the terminal sends it to the
whole process group; the parent decides) and, on Linux, dies with the parent even when the
parent itself is killed (kg.proc: prctl PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Generic, ParamSpec, TypeVar

from kg.errors import KgError, StoppedError
from kg.proc import SigtermError, die_with_parent, sigterm_raises

P = ParamSpec("P")
T = TypeVar("T")

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class ChildTimeoutError(Exception):
    """The child did not answer within the time limit; it has been killed."""


class ChildDiedError(Exception):
    """The child ended without an answer (killed, e.g. by the kernel when out of memory)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"exit code {exitcode}")
        self.exitcode = exitcode

    def reason(self) -> str:
        """'killed by signal 9' or 'exit code 1', for a message."""
        if self.exitcode is not None and self.exitcode < 0:
            try:
                name = f" ({signal.Signals(-self.exitcode).name})"
            except ValueError:
                name = ""
            return f"killed by signal {-self.exitcode}{name}"
        return f"exit code {self.exitcode}"


def call_in_child(
    what: str, timeout: float, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """`function(*args, **kwargs)` evaluated in a child process; its value comes back pickled.

    `timeout` is in seconds; 0 or less means no limit. A KgError the function raises is raised
    here. Raises ChildTimeoutError when time is up, ChildDiedError when the child ends without
    an answer, StoppedError (message "`what` stopped by ...") on Ctrl-C or SIGTERM. The child
    is killed and reaped before any of these is raised.
    """
    context = _context()
    reader, writer = context.Pipe(duplex=False)
    process: BaseProcess | None = None
    try:
        with sigterm_raises():
            # Ctrl-C and SIGTERM wait (blocked, not lost) until the child exists and the parent
            # can kill it; the child starts with them blocked and ignores Ctrl-C before it
            # unblocks them.
            with _blocked(_STOP_SIGNALS):
                process = context.Process(
                    target=_child_main,
                    args=(writer, os.getpid(), function, args, kwargs),
                    name=f"kg {what}",
                    daemon=True,
                )
                process.start()
                writer.close()
            status, value = _wait(reader, process, timeout)
    except KeyboardInterrupt:
        raise StoppedError(signal.SIGINT, f"{what} stopped by Ctrl-C") from None
    except SigtermError:
        raise StoppedError(signal.SIGTERM, f"{what} stopped by SIGTERM") from None
    finally:
        reader.close()
        writer.close()
        if process is not None:
            _end(process)
    return _answer(what, status, value)  # type: ignore[return-value]


def _answer(what: str, status: str, value: object) -> object:
    if status == "ok":
        return value
    if status == "error" and isinstance(value, KgError):
        raise value
    raise RuntimeError(f"{what} failed in its child process:\n{value}")


class Child(Generic[T]):
    """A function running in a forked child (start_in_child) while the parent goes on."""

    def __init__(self, what: str, process: BaseProcess, reader: Connection) -> None:
        self.what, self.process, self.reader = what, process, reader
        self.ended = False

    def result(self) -> T:
        """Wait for the function's value; its KgError is raised here, as by call_in_child."""
        try:
            status, value = _wait(self.reader, self.process, 0)
        finally:
            self.stop()
        return _answer(self.what, status, value)  # type: ignore[return-value]

    def stop(self) -> None:
        """Kill the child unless it has ended (a failed run does not wait for it), reap it."""
        if not self.ended:
            self.ended = True
            self.reader.close()
            _end(self.process)


class Standby:
    """A child forked now, while the parent is small, that waits until it is given a function
    (start): its memory is the parent's as it was at the fork, not as it is when it starts."""

    def __init__(self, what: str, process: BaseProcess, outbox: Connection, reader: Connection):
        self.what, self.process, self.outbox, self.reader = what, process, outbox, reader
        self.used = False

    def start(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Child[T]:
        """Run `function(*args, **kwargs)` in the waiting child (once; the arguments are sent
        pickled); Child.result() waits for its value."""
        if self.used:
            raise RuntimeError(f"{self.what}: the standby child was already started or stopped")
        self.used = True
        try:
            self.outbox.send((function, args, kwargs))
        except OSError:  # the child is gone: result() says how it ended
            pass
        finally:
            self.outbox.close()
        return Child(self.what, self.process, self.reader)

    def stop(self) -> None:
        """Kill and reap the child unless start() handed it to a Child (which stops it)."""
        if not self.used:
            self.used = True
            self.outbox.close()
            self.reader.close()
            _end(self.process)


def standby_child(what: str, warm: Callable[[], object] | None = None) -> Standby:
    """Fork a child that waits for Standby.start; it dies with its parent. `warm`, if given,
    runs in the child first, while it would wait anyway (loading what the function needs); an
    error it raises is the function's, when it is started."""
    context = _context()
    inbox, outbox = context.Pipe(duplex=False)
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(
        target=_standby_main,
        args=(inbox, writer, os.getpid(), warm),
        name=f"kg {what}",
        daemon=True,
    )
    with _blocked(_STOP_SIGNALS):  # the child unblocks them once it ignores Ctrl-C
        process.start()
    inbox.close()
    writer.close()
    return Standby(what, process, outbox, reader)


def start_in_child(
    what: str, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> Child[T]:
    """Start `function(*args, **kwargs)` in a forked child (it sees the parent's memory as it
    is now, and dies with it); Child.result() waits for its value."""
    return standby_child(what).start(function, *args, **kwargs)


def _context() -> ForkContext | SpawnContext:
    """fork on Linux (the child starts at once, with the modules already loaded); spawn
    elsewhere, where Python deems fork unsafe (macOS) or lacks it (Windows)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux


def _wait(reader: Connection, process: BaseProcess, timeout: float) -> tuple[str, object]:
    deadline = time.monotonic() + timeout if timeout > 0 else None
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if reader.poll(left):
            try:
                message = reader.recv()
            except EOFError:
                process.join()
                raise ChildDiedError(process.exitcode) from None
            status, value = message
            return str(status), value
        if deadline is not None and time.monotonic() >= deadline:
            raise ChildTimeoutError


def _end(process: BaseProcess) -> None:
    """Kill the child unless it has ended, and reap it."""
    if process.is_alive():
        process.kill()
    process.join()
    process.close()


@contextlib.contextmanager
def _blocked(signals: set[signal.Signals]) -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _child_main(
    writer: Connection,
    parent: int,
    function: Callable[..., object],
    args: tuple[object, ...],
    kwargs: dict[str, object],
) -> None:
    _become_child(parent)
    _run_and_answer(writer, function, args, kwargs)


def _standby_main(
    inbox: Connection, writer: Connection, parent: int, warm: Callable[[], object] | None
) -> None:
    _become_child(parent)
    failed: BaseException | None = None
    if warm is not None:
        try:
            warm()
        except BaseException as exc:  # noqa: BLE001 - answered once started, as its own
            failed = exc
    try:
        function, args, kwargs = inbox.recv()
    except (EOFError, OSError):  # never started: the parent went on without it
        return
    inbox.close()
    if failed is not None:
        function, args, kwargs = _reraise, (failed,), {}
    _run_and_answer(writer, function, args, kwargs)


def _reraise(exc: BaseException) -> None:
    raise exc


def _become_child(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    die_with_parent(parent)  # Linux: killed when kg ends, however it ends


def _run_and_answer(
    writer: Connection,
    function: Callable[..., object],
    args: tuple[object, ...],
    kwargs: dict[str, object],
) -> None:
    message: tuple[str, object]
    try:
        message = ("ok", function(*args, **kwargs))
    except KgError as exc:
        message = ("error", exc)
    except BaseException:  # a bug: the parent raises it with this traceback
        message = ("bug", traceback.format_exc())
    try:
        writer.send(message)
    except Exception:  # an answer or error that does not pickle
        with contextlib.suppress(OSError):
            writer.send(("bug", traceback.format_exc()))
    writer.close()
