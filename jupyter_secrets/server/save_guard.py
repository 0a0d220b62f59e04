"""The save guard: contents-manager hooks that keep plaintext secrets off disk.

The pre-save hook sees every save through the contents manager (REST, autosave, copy, upload,
collaboration) and, per place, blocks it, strips the secrets or lets it through with a warning.
Hooks run synchronously and only a tornado HTTPError stops a save, so every failure of the
guard itself becomes one (fail closed).

Chunked uploads through the contents API are staged outside the served tree and checked whole
before they are put in place (``staging``). A chunked save that reaches a contents manager
otherwise reaches the pre-save hook with its first chunk only: the pre-save hook marks each save
it checked whole in a context variable (each request runs in its own task), and the post-save
hook checks on disk whatever was not marked.

An autosave of a large notebook changes a cell or two: the contents handler gives the hook the
request's body with the span of each cell's JSON text in it (``save_body``), and only the cells
whose bytes were not found clean before (same scanner, same known values) are walked, with the
notebook's other fields; the others stand empty in the walk, so a finding keeps its cell
number and is stripped in the model itself, as in a walk of the whole notebook.
"""
from __future__ import annotations

import traceback
from contextvars import ContextVar
from typing import Callable, List, Optional

from tornado.web import HTTPError
from traitlets import Enum, Float, Int, Unicode
from traitlets.config import LoggingConfigurable

from ..detection.scanner import Scanner
from ..model import Finding
from .documents import (Document, UnreadableContent, bytes_document, cells_document,
                        model_document)
from .errors import GuardFailure, SaveRefused, describe
from .notices import GuardNotices
from .save_body import SaveBody
from .staging import UploadStaging
from .uploads import UploadStash, read_upload, replace_file

BLOCK, STRIP, WARN = "block", "strip", "warn"
PLACES = ("source", "output", "metadata")

#: The path the pre-save hook checked whole in this task (None: nothing, or a partial chunk).
_checked_save: ContextVar[Optional[str]] = ContextVar("jupyter_secrets_checked_save", default=None)


#: Set by the contents handler for the save it serves (None: no request body to go by).
current_body: ContextVar[Optional[SaveBody]] = ContextVar("jupyter_secrets_save_body",
                                                          default=None)


def mark_checked(path: str) -> None:
    """Tells the post-save hook, in this task, that ``path`` was checked whole already."""
    _checked_save.set(path.strip("/"))


class SaveReport:
    """What the guard did to one save; the contents handler adds it to the save's reply."""

    def __init__(self) -> None:
        self.stripped: List[Finding] = []
        self.warned: List[Finding] = []

    def __bool__(self) -> bool:
        return bool(self.stripped or self.warned)

    def to_dict(self) -> dict:
        return {"stripped": [f.to_dict() for f in self.stripped],
                "warned": [f.to_dict() for f in self.warned],
                "reload": bool(self.stripped)}


#: Set by the contents handler for the request it serves; the hooks fill it in.
current_report: ContextVar[Optional[SaveReport]] = ContextVar("jupyter_secrets_save_report",
                                                               default=None)


def _innermost_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else "?"


class SaveGuard(LoggingConfigurable):
    """What a save may write when it holds a plaintext secret, per place in the file."""

    source_policy = Enum(
        [BLOCK, STRIP, WARN], default_value=BLOCK,
        help=("Secrets in code and markdown cell sources and in plain text files: 'block' the "
              "save (the default: the author should move the value to a secret store), 'strip' "
              "(save it with a placeholder where the value was) or 'warn' (save it as is)."),
    ).tag(config=True)

    output_policy = Enum(
        [BLOCK, STRIP, WARN], default_value=STRIP,
        help=("Secrets in cell outputs and in cell attachments: 'strip' them (the default: "
              "outputs are derived data), 'block' the save or 'warn'."),
    ).tag(config=True)

    metadata_policy = Enum(
        [BLOCK, STRIP, WARN], default_value=STRIP,
        help="Secrets in notebook and cell metadata: 'strip' (the default), 'block' or 'warn'.",
    ).tag(config=True)

    max_upload_check_bytes = Int(
        256 * 1024 * 1024,
        help=("A chunked upload is checked on disk after its last chunk when it is a text file "
              "up to this size; larger text files are logged as not checked."),
    ).tag(config=True)

    upload_expiry_seconds = Float(
        3600.0,
        help=("A chunked upload whose next chunk has not come for this long is abandoned: its "
              "staged chunks are deleted and a later chunk is refused."),
    ).tag(config=True)

    upload_staging_dir = Unicode(
        "",
        help=("Where chunked uploads wait, unreadable to others (mode 0700), until their last "
              "chunk has been checked; empty: the system's temporary folder. Keep it outside "
              "the folders the server serves."),
    ).tag(config=True)

    def __init__(self, scanner: Callable[[], Scanner], notices: GuardNotices,
                 uploads: Optional[UploadStash] = None, **kwargs):
        super().__init__(**kwargs)
        self._scanner = scanner
        self.notices = notices
        self.uploads = uploads or UploadStash()
        self.staging = UploadStaging(self.upload_expiry_seconds, self.upload_staging_dir or None,
                                     log=self.log)

    #: Called with (model, path) before a save is scanned; may change the model or refuse it
    #: (an HTTPError). Set by the assistants' setup (`assistants.env_file`).
    before_scan: Callable[[dict, str], None] = staticmethod(lambda model, path: None)

    def close(self) -> None:
        self.uploads.close()
        self.staging.close()

    def policy(self, place: str) -> str:
        return {"source": self.source_policy, "output": self.output_policy,
                "metadata": self.metadata_policy}[place]

    # -- hooks ---------------------------------------------------------------------------------
    def pre_save(self, model: dict, path: str, contents_manager=None, **_kwargs) -> None:
        """Registered with ``contents_manager.register_pre_save_hook``."""
        _checked_save.set(None)
        path = path.strip("/")
        try:
            chunk = model.get("chunk")
            if chunk is not None:  # part of an upload: checked whole after the last chunk
                if chunk == 1:
                    self.uploads.begin(path, contents_manager)
                return
            self.before_scan(model, path)  # e.g. a .env file's keys moved to the store
            scanner = self._scanner()
            body = self._same_body(model, path, contents_manager, scanner.engine)
            if body is not None:  # the cells found clean before are not walked again
                document = self._changed_cells(model["content"], body, scanner, path)
            else:
                document = model_document(model, path, scanner)
            if document is not None and document.pieces:
                self.enforce(document, "save")
        except HTTPError:
            raise
        except UnreadableContent as error:  # bad input: say so, keep what is on disk
            raise HTTPError(400, f"Not saved: {path}: {error}") from None
        except Exception as error:
            raise self._failed("save", path, error) from None
        _checked_save.set(path)

    def _same_body(self, model: dict, path: str, contents_manager, texts) -> Optional[SaveBody]:
        """The request's body when ``model`` is a notebook parsed from it and nothing but this
        guard looked at it before (no other pre-save hook could have changed it): then a cell's
        bytes in the body are that cell of the model. None otherwise: the model is walked."""
        body = current_body.get()
        if body is None or body.path != path or not hasattr(texts, "cell_digest"):
            return None
        content = model.get("content")
        if model.get("type") != "notebook" or not isinstance(content, dict) \
                or content.get("cells") is not body.cells or len(body.cells) != len(body.spans):
            return None  # another model than the request's (a paired text file, a room's)
        hooks = getattr(contents_manager, "_pre_save_hooks", None)
        if getattr(contents_manager, "pre_save_hook", None) is not None or not hooks \
                or hooks[0] != self.pre_save:
            return None
        return body

    def _changed_cells(self, content: dict, body: SaveBody, scanner: Scanner,
                       path: str) -> Optional[Document]:
        """The document of the notebook with only the cells whose bytes were not found clean
        before walked, and every field besides the cells; when it is clean, the verdicts of
        those cells are kept. None for an allowlisted path."""
        if scanner.allows_path(path):
            return None
        texts = scanner.engine
        generation = texts.generation  # read before the check: see CleanTextCache.note_clean
        digests = body.cell_digests(texts)
        walked = texts.unseen(digests)
        document = cells_document(content, body.cells, walked, path, scanner)
        if not document.pieces:
            texts.note_all_clean([digests[index] for index in walked], generation)
        return document

    def post_save(self, model: dict, os_path: str, contents_manager=None, **_kwargs) -> None:
        """Registered with ``register_post_save_hook``: checks what the pre-save hook did not
        see whole, i.e. a chunked upload after its last chunk, straight from disk."""
        path = str((model or {}).get("path", "")).strip("/")
        if path and _checked_save.get() == path:
            _checked_save.set(None)
            return
        try:
            self.check_on_disk(path, os_path, "upload")
        except SaveRefused:
            self.uploads.undo(path, os_path)
            raise
        except Exception as error:
            self.uploads.undo(path, os_path)
            raise self._failed("upload", path, error) from None
        self.uploads.discard(path)

    def check_restored(self, path: str, os_path: str, previous: Optional[bytes]) -> None:
        """A checkpoint was copied over the file (no hook runs for that): check the file, and
        put ``previous`` back if the policy refuses what the checkpoint held."""
        try:
            self.check_on_disk(path, os_path, "save")
        except Exception as error:
            if previous is not None:
                replace_file(os_path, previous)
            if isinstance(error, SaveRefused):
                raise
            raise self._failed("restore", path, error) from None

    def check_staged(self, path: str, staged_file: str) -> None:
        """Checks a finished chunked upload in its staging file (stripped there, if so)."""
        try:
            self.check_on_disk(path, staged_file, "upload")
        except HTTPError:
            raise
        except Exception as error:
            raise self._failed("upload", path, error) from None

    def blocking_findings(self, path: str, os_path: str) -> List[Finding]:
        """What would stop a save of the file at ``os_path`` as ``path`` (a dry run: nothing is
        changed). A text too large to check stops it too (fail closed)."""
        data = read_upload(os_path, self.max_upload_check_bytes)
        if data is None:
            raise GuardFailure("copy", path, message=(
                f"{path} is larger than SaveGuard.max_upload_check_bytes and could not be "
                f"checked for secrets, so it was not copied or moved."), status_code=413)
        document = bytes_document(data, path, self._scanner(), lambda new: None)
        if document is None or not document.pieces:
            return []
        stripped = {p.place for p in document.pieces if self.policy(p.place) == STRIP}
        if document.lossy and stripped:
            return document.findings
        return [f for p in document.pieces if self.policy(p.place) == BLOCK for f in p.findings]

    def check_on_disk(self, path: str, os_path: str, kind: str) -> None:
        """Checks a file the contents manager wrote without the pre-save hook seeing it whole;
        strips it in place or raises SaveRefused, as the policies say."""
        data = read_upload(os_path, self.max_upload_check_bytes)
        if data is None:
            self.log.warning("jupyter-secrets: %s is larger than SaveGuard.max_upload_check_bytes"
                             " and was not checked; exports and downloads of it still are", path)
            return
        document = bytes_document(data, path, self._scanner(),
                                  lambda new: replace_file(os_path, new))
        if document is not None and document.pieces:
            self.enforce(document, kind)

    # -- policy ---------------------------------------------------------------------------------
    def enforce(self, document: Document, kind: str) -> None:
        """Blocks (raises SaveRefused), strips in place, or warns, as the policies say."""
        path = document.path
        stripped_places = {p.place for p in document.pieces if self.policy(p.place) == STRIP}
        blocking = [f for p in document.pieces if self.policy(p.place) == BLOCK for f in p.findings]
        if document.lossy and stripped_places:  # rewriting would change more than the secrets
            blocking = document.findings
        if blocking:
            refusal = SaveRefused(path, blocking)
            self.notices.publish(f"{kind}-blocked", path, blocking, refusal.message)
            raise refusal
        stripped = document.redact(stripped_places)
        warned = [f for p in document.pieces if self.policy(p.place) == WARN for f in p.findings]
        report = current_report.get()
        if report is not None:
            report.stripped.extend(stripped)
            report.warned.extend(warned)
        if stripped:
            self.notices.publish(f"{kind}-stripped", path, stripped,
                                 f"Saved {path} with secrets replaced by placeholders: "
                                 f"{describe(stripped)}. Reload it to see what was saved.")
        if warned:
            self.notices.publish("save-warned", path, warned,
                                 f"Saved {path} with plaintext secrets, as the policy allows: "
                                 f"{describe(warned)}.")

    def _failed(self, what: str, path: str, error: Exception) -> GuardFailure:
        # The exception's message could quote the content: log its type and place only.
        self.log.error("jupyter-secrets: checking the %s of %s failed with %s at %s; refused",
                       what, path, type(error).__name__, _innermost_frame(error))
        failure = GuardFailure(what, path, error)
        try:
            self.notices.publish("guard-failed", path, (), failure.message)
        except Exception:  # the refusal stands even if nobody hears of it
            self.log.error("jupyter-secrets: could not publish the failed check of %s", path)
        return failure
