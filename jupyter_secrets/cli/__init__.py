"""The `jupyter-secrets` command line (also `jupyter secrets`)."""
