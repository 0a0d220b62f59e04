"""The Jupyter server extension: REST handlers and guards under /jupyter-secrets/."""
