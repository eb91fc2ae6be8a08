"""Per-document time limits: stop work on one document that runs too long.

`Deadline(seconds)` is a reusable context manager; the body raises `DocumentTimeout`
when it runs past `seconds`. Two mechanisms, chosen by the thread it runs in:

- In the main thread (the in-process engine and every worker process of the
  process-pool engine): `signal.setitimer(ITIMER_REAL)` and a SIGALRM handler. The
  handler raises inside whatever Python code is running, and Python's `re` engine
  checks for signals while it backtracks, so a runaway regular expression is stopped
  too. The previous SIGALRM handler is restored by `close()`.
- In any other thread (Dask runs tasks on worker threads, where signals cannot be
  received): one watchdog thread per process polls the armed deadlines and raises
  `DocumentTimeout` in a late thread with `PyThreadState_SetAsyncExc`. That lands at
  the next Python bytecode, so it stops Python loops at once but waits for a single
  long C call (one huge regex search) to return first. Here the limit is on the
  thread's own CPU time (where the platform gives it, else wall time): threads that
  share a process wait for each other's GIL, and a document must not time out
  because a slow neighbour held it.

Either way a document that finished right at its limit may still be reported as late;
one that was interrupted never leaks its exception past the `with` block.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from typing import Optional


class DocumentTimeout(Exception):
    """Raised inside a `Deadline` block that ran past its limit."""


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


ALARM_REPEAT = 0.05  # seconds between alarms once a deadline has passed


class Deadline:
    """`with deadline:` raises `DocumentTimeout` if the block runs past `seconds`.

    Create one per batch (or per worker) and reuse it for every document; arming and
    disarming cost a system call (main thread) or a dict update (other threads).
    """

    def __init__(self, seconds: float):
        if seconds <= 0:
            raise ValueError("a deadline needs a positive number of seconds")
        self.seconds = float(seconds)
        self._armed = False
        self._expired = False
        self._previous = None
        self._token: Optional[_Token] = None

    def __enter__(self) -> "Deadline":
        if _in_main_thread():
            if self._previous is None:
                self._previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self._armed, self._expired = True, False
            # The alarm repeats: an exception raised in a __del__ method (or any code
            # that swallows it) is lost, so a later alarm raises it again.
            signal.setitimer(signal.ITIMER_REAL, self.seconds, ALARM_REPEAT)
        else:
            self._token = _watchdog().arm(self.seconds)
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self._token is None:
            self._armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self._expired and exc_type is None:  # every alarm's exception was swallowed
                raise DocumentTimeout(f"took longer than {self.seconds:g} s")
            return False
        token, self._token = self._token, None
        try:
            fired = token.disarm()
            if fired:  # drop the exception if it is still pending for this thread
                _set_async_exc(token.thread_id, None)
        except DocumentTimeout:  # delivered while disarming
            fired = True
        if fired and exc_type is None:
            raise DocumentTimeout(f"took longer than {self.seconds:g} s")
        return False

    def _on_alarm(self, signum, frame) -> None:
        if self._armed:
            self._expired = True
            raise DocumentTimeout(f"took longer than {self.seconds:g} s")

    def close(self) -> None:
        """Restore the SIGALRM handler that was there before (main thread only)."""
        if self._previous is not None and _in_main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None


class _Token:
    """One armed deadline of one thread; its lock orders `disarm` against firing."""

    __slots__ = ("thread_id", "clock", "due", "seconds", "done", "lock")

    def __init__(self, seconds: float):
        self.thread_id = threading.get_ident()
        self.clock = _thread_clock(self.thread_id)
        self.seconds = seconds
        self.due = self.now() + seconds
        self.done = False
        self.lock = threading.Lock()

    def now(self) -> float:
        return time.clock_gettime(self.clock) if self.clock is not None else time.monotonic()

    def disarm(self) -> bool:
        """Stop the clock; True if the deadline had already fired."""
        with self.lock:
            fired, self.done = self.done, True
            return fired

    def fire(self) -> None:
        with self.lock:
            if not self.done:
                self.done = True
                _set_async_exc(self.thread_id, DocumentTimeout)


def _thread_clock(thread_id: int) -> Optional[int]:
    """The CPU-time clock of a thread, or None where the platform has none."""
    try:
        return time.pthread_getcpuclockid(thread_id)
    except (AttributeError, OSError):
        return None


def _set_async_exc(thread_id: int, exc_type: Optional[type]) -> None:
    """Raise `exc_type` in thread `thread_id` at its next bytecode (None: cancel)."""
    obj = ctypes.py_object(exc_type) if exc_type is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), obj)


class _Watchdog:
    """A daemon thread that fires the armed tokens whose time has come."""

    def __init__(self):
        self.tokens: dict[int, _Token] = {}
        self.wake = threading.Event()
        thread = threading.Thread(target=self._run, name="pressfacts-deadlines", daemon=True)
        thread.start()

    def arm(self, seconds: float) -> _Token:
        token = _Token(seconds)
        self.tokens[token.thread_id] = token  # one armed token per thread
        self.wake.set()
        return token

    def _run(self) -> None:
        while True:
            pending = [t for t in list(self.tokens.values()) if not t.done]
            if not pending:
                self.wake.wait()
                self.wake.clear()
                continue
            for token in pending:
                try:
                    late = token.due <= token.now()
                except OSError:  # the thread is gone
                    late = False
                if late:
                    token.fire()
            # Poll at a tenth of the shortest limit: cheap, and late by at most that.
            time.sleep(min(0.05, min(t.seconds for t in pending) / 10))


_WATCHDOG: Optional[_Watchdog] = None
_WATCHDOG_LOCK = threading.Lock()


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    with _WATCHDOG_LOCK:
        if _WATCHDOG is None:
            _WATCHDOG = _Watchdog()
        return _WATCHDOG
