"""The Jupyter server extension: REST handlers and guards under /jupyter-secrets/.

What the guards do, and how to change it (``jupyter_server_config.py``, or ``--SaveGuard.x=y``):

- Saves (REST, autosave, copy, upload, collaboration rooms, checkpoint restore)::

      c.SaveGuard.source_policy = "block"    # or "strip", "warn": code/markdown and text files
      c.SaveGuard.output_policy = "strip"    # or "block", "warn": outputs and attachments
      c.SaveGuard.metadata_policy = "strip"  # or "block", "warn"

  A refused save answers 422 with ``{"message", "findings": [...], "how_to_fix",
  "how_to_allow"}`` and leaves the file and its checkpoints as they were; a stripped or warned
  save's reply has ``"jupyter_secrets": {"stripped", "warned", "reload"}``. Each action is a
  server event (``notices.SCHEMA_ID``) and ``GET /jupyter-secrets/saves?path=`` lists the last
  ones. Chunked uploads wait outside the served tree and are checked whole after their last
  chunk (``c.SaveGuard.upload_expiry_seconds``, ``upload_staging_dir``). Folder copies,
  checkpoint creation and moves out of the allowlist are checked file by file like saves.
  Saves are written to a temporary file and renamed over the old one (a crash leaves the old
  file whole). The hooks follow a contents manager that another extension (jupytext) puts in
  place; a save through one that does not carry them is refused. Collaboration rooms keep
  their history in memory (``YDocExtension.ystore_class``), so a refused key is not kept in
  ``.jupyter_ystore.db``.
- Exports through ``/nbconvert/``: every exporter gets ``export.RedactSecretsPreprocessor``.
  For ``jupyter nbconvert`` on the command line (it reads no ``.d`` config folders), add to
  ``jupyter_nbconvert_config.py``::

      c.Exporter.preprocessors.append("jupyter_secrets.server.export.RedactSecretsPreprocessor")

- Downloads through ``/files/``::

      c.DownloadGuard.secrets_policy = "redact"   # or "refuse"
      c.DownloadGuard.sensitive_artifacts = [...]  # patterns refused, default: model weights
      c.DownloadGuard.allowed_artifacts = ["public/**"]
      c.DownloadGuard.sensitive_by_content = True  # weights recognised by their headers too

  The contents API serves the editor: it does not redact (the author sees their own file),
  but it refuses the content of sensitive artifacts too.
- ``c.ScanConfig`` (allowlists, disabled rules) is shared with the command line.

If the scanner cannot be built (a bad setting, an unreadable fingerprint key), the guards refuse
what they cannot check and say why.
"""
