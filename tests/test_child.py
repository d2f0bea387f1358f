"""kg.child.start_in_child and standby_child: a function runs in a forked child while the
parent goes on (the build draws graph.html so); its value, its KgError, its death and stopping
it; a standby child forked early has the memory of that moment."""

from __future__ import annotations

import os
import signal
import time

import pytest

from kg.child import ChildDiedError, standby_child, start_in_child
from kg.errors import OutputError


def _square_later(n: int, seconds: float) -> int:
    time.sleep(seconds)
    return n * n


def _fail() -> None:
    raise OutputError("out/graph.html: cannot write (No space left on device)")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _pid_then_sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_the_value_comes_back_while_the_parent_went_on() -> None:
    started = time.monotonic()
    child = start_in_child("a square", _square_later, 7, 0.5)
    assert time.monotonic() - started < 0.4  # started, not waited for
    assert child.result() == 49


def test_a_kg_error_in_the_child_is_raised_as_itself() -> None:
    child = start_in_child("a page", _fail)
    with pytest.raises(OutputError, match="No space left on device"):
        child.result()


def test_a_child_that_dies_says_how() -> None:
    child = start_in_child("a page", _die)
    with pytest.raises(ChildDiedError) as caught:
        child.result()
    assert "killed by signal 9" in caught.value.reason()


def test_stop_ends_a_running_child() -> None:
    child = start_in_child("a nap", _pid_then_sleep, 60)
    pid = child.process.pid
    assert pid is not None
    child.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: no such process
    child.stop()  # a second stop does nothing


_LATER: list[int] = []


def _later_items() -> list[int]:
    return list(_LATER)


def test_a_standby_child_runs_later_with_the_memory_of_its_fork() -> None:
    standby = standby_child("a list")
    try:
        _LATER.append(1)  # after the fork: the child does not see it
        child = standby.start(_later_items)
        assert child.result() == []
    finally:
        _LATER.clear()
        standby.stop()  # after start: the Child stopped it; nothing more to do


def test_a_standby_child_never_started_is_stopped() -> None:
    standby = standby_child("a page")
    pid = standby.process.pid
    assert pid is not None
    os.kill(pid, 0)  # waiting
    standby.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(RuntimeError, match="already started or stopped"):
        standby.start(_later_items)


def _warm() -> None:
    _LATER.append(7)  # in the child only


def _warm_fails() -> None:
    raise OutputError("out/graph.html: cannot load the page's scripts")


def test_a_standby_child_warms_up_before_it_is_started() -> None:
    child = standby_child("a list", _warm).start(_later_items)
    assert child.result() == [7]
    assert _LATER == []  # the parent's list was not touched


def test_an_error_while_warming_up_is_the_functions() -> None:
    child = standby_child("a page", _warm_fails).start(_later_items)
    with pytest.raises(OutputError, match="cannot load the page's scripts"):
        child.result()
