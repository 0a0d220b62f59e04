"""Hyperscan scratch space per thread.

A Hyperscan database keeps one scratch space, and a scan that finds it in use by another
thread fails with ScratchInUseError. The server scans from its event loop and its worker
threads at once, and a kernel from its shell and IOPub threads: each thread gets a scratch of
its own, cloned from the database's.
"""
from __future__ import annotations

import threading
from typing import Any


class ThreadScratch:
    """`scratch()` is this thread's scratch for `database`; pass it to `database.scan`."""

    def __init__(self, database: Any):
        import hyperscan

        self._database = database
        self._prototype = getattr(database, "scratch", None) or hyperscan.Scratch(database)
        self._local = threading.local()

    def scratch(self) -> Any:
        mine = getattr(self._local, "scratch", None)
        if mine is None:
            mine = self._local.scratch = self._prototype.clone()
        return mine

    def scan(self, data: Any, **kwargs: Any) -> Any:
        return self._database.scan(data, scratch=self.scratch(), **kwargs)
