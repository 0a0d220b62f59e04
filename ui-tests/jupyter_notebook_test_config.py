"""Jupyter server configuration of the Notebook 7 browser tests (never use it anywhere else).

The same server as the JupyterLab tests (no token, a temporary root, the encrypted local store in
a temporary folder), started with `jupyter notebook`; the page exposes `window.jupyterapp`.
"""

load_subconfig("jupyter_server_test_config.py")  # noqa: F821 (provided by the config loader)

c = get_config()  # noqa: F821
c.JupyterNotebookApp.expose_app_in_browser = True
