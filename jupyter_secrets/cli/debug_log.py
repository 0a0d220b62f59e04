"""Debug messages of the commands that start once per file (scan, clean, filter).

They log nothing above debug, so they start without the ``logging`` module (its import costs
about a twentieth of a scan's start-up); it is imported when a message is written.
"""
from __future__ import annotations


def debug(name: str, message: str, *args) -> None:
    import logging

    logging.getLogger(name).debug(message, *args)
