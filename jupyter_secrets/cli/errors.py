"""The one error every subcommand may raise for bad input; main() reports it in one line."""


class UsageError(Exception):
    """Bad options, config or key: reported in one line, exit code 2."""
