"""`python -m jupyter_secrets.governance.validator_runner NAME`: run the validator registered as
NAME in the `jupyter_secrets.validators` entry point group on the candidate read from stdin.

The validator is a callable taking the candidate string. It accepts by returning None or True;
it rejects by returning False, a string (the reason), or by raising. Exit status: 0 valid,
1 rejected (reason on stderr), 2 the validator could not be loaded.
"""
from __future__ import annotations

import sys
from importlib.metadata import entry_points

from ..backends.base import scrub


def main(argv: list) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m jupyter_secrets.governance.validator_runner NAME\n")
        return 2
    found = [ep for ep in entry_points(group="jupyter_secrets.validators") if ep.name == argv[0]]
    if not found:
        sys.stderr.write(f"no validator named {argv[0]!r} is installed (entry point group "
                         "jupyter_secrets.validators)\n")
        return 2
    try:
        validate = found[0].load()
    except Exception as e:  # a broken plugin is reported, not raised
        sys.stderr.write(f"the validator {argv[0]!r} could not be loaded: {type(e).__name__}\n")
        return 2
    candidate = sys.stdin.read()
    try:
        result = validate(candidate)
    except Exception as e:  # the validator's own way of saying no
        sys.stderr.write(scrub(f"{type(e).__name__}: {e}", candidate) + "\n")
        return 1
    if result is None or result is True:
        return 0
    reason = result if isinstance(result, str) else "the validator rejected the value"
    sys.stderr.write(scrub(reason, candidate) + "\n")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
