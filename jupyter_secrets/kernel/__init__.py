"""The IPython kernel extension: `%secret`, `secret()`, output redaction and the execution guard.

`extension.py` wires the parts into one shell; each other module does one job.
"""
