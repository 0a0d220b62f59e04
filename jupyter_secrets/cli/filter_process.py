"""git's long-running filter protocol (gitattributes(5), "Long Running Filter Process").

git starts one ``jupyter-secrets filter --process`` per command and sends it every file, so a
``git add`` of many notebooks pays the start-up (imports, the compiled rules) once. ``clean``
redacts; ``smudge`` passes content through unchanged, so checkout, restore, stash, rebase and
clone work with ``required = true``. A file that cannot be checked gets ``status=error``, which
makes git refuse it: nothing unchecked is ever stored.
"""
from __future__ import annotations

import sys
from typing import Callable, Dict, List, Optional, Tuple

from .pkt_line import PktLine, ProtocolError

#: clean(data, pathname) -> (content to store, or None when it may not be stored; problems)
Cleaner = Callable[[bytes, str], Tuple[Optional[bytes], List[str]]]
CAPABILITIES = ("clean", "smudge")


def _handshake(pkt: PktLine) -> None:
    hello = pkt.read_text_list()
    if not hello or hello[0] != "git-filter-client" or "version=2" not in hello[1:]:
        raise ProtocolError(f"not a git filter client (it said {hello[:2]!r})")
    pkt.write_text("git-filter-server", "version=2")
    offered = {item.split("=", 1)[1] for item in pkt.read_text_list() if item.startswith("capability=")}
    pkt.write_text(*(f"capability={name}" for name in CAPABILITIES if name in offered))


def _header(items: List[str]) -> Dict[str, str]:
    return dict(item.split("=", 1) for item in items if "=" in item)


def serve(pkt: PktLine, clean: Cleaner, err=None) -> int:
    """Answers git until it closes the pipe. Returns the exit code."""
    err = err or sys.stderr
    try:
        _handshake(pkt)
        while True:
            try:
                header = _header(pkt.read_text_list())
            except EOFError:
                return 0  # git is done
            command, pathname = header.get("command"), header.get("pathname", "")
            data = pkt.read_content()
            if command == "smudge":
                pkt.write_text("status=success")
                pkt.write_content(data)
                pkt.flush()  # an empty list: the status stays "success"
                continue
            if command != "clean":
                pkt.write_text("status=error")
                continue
            content, problems = clean(data, pathname)
            if content is None:
                for problem in problems:
                    err.write(f"jupyter-secrets filter: {problem}\n")
                err.flush()
                pkt.write_text("status=error")
                continue
            pkt.write_text("status=success")
            pkt.write_content(content)
            pkt.flush()
    except (ProtocolError, EOFError) as e:
        err.write(f"jupyter-secrets filter --process: git filter protocol: {e or 'unexpected end of input'}\n")
        return 2
