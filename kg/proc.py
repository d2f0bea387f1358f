"""Child processes that end when their parent does, however the parent ends."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def set_parent_death_signal(sig: int) -> None:
    """Ask Linux to send `sig` to this process when the thread that started it ends; a no-op
    elsewhere. Usable as a preexec_fn for programs kg does not write."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def kill_with_parent() -> None:
    """preexec_fn of a child that must not outlive kg (only from a single-threaded parent)."""
    set_parent_death_signal(signal.SIGKILL)


def outlives(parent: int, sig: int = signal.SIGKILL) -> bool:
    """In a child: have `sig` sent when the parent ends; True when it has already ended (then
    the child should stop at once)."""
    set_parent_death_signal(sig)
    return os.getppid() != parent


def die_with_parent(parent: int) -> None:
    """A process pool's initializer: the worker is killed when kg ends, however kg ends
    (SIGKILL runs no cleanup), and ends now if kg already has."""
    if outlives(parent):
        os._exit(1)


def release_memory() -> None:
    """Give the memory freed by the process back to the system (glibc's malloc_trim): malloc
    keeps freed blocks for reuse, so a large buffer once freed still counts in the process's
    RSS. A no-op where there is no glibc."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while: for work that makes millions of objects and
    no cycles (a large page's model and evidence), each of whose passes would walk all that
    lives. At 100,000 articles the page took a third longer with it on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether `pid` has ended and waits for its parent to reap it (Linux: state Z)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # not Linux, or gone meanwhile: kill(0) answered
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] == "Z"  # the name may hold ")"


class SigtermError(Exception):
    """SIGTERM arrived in the main thread (see sigterm_raises)."""


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises SigtermError in the main thread, so the caller stops and
    cleans up as for Ctrl-C (its children killed, its files removed). Elsewhere: no change."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise SigtermError

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """A step that Ctrl-C does not cut in two (publishing a run's outputs: some moved into
    place, some not). A Ctrl-C that arrives meanwhile waits until the step is done, and is
    then dropped: the run it would have stopped has ended."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if signal.SIGINT not in previous:  # it was not held before: drop one that came
            signal.sigtimedwait({signal.SIGINT}, 0)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
