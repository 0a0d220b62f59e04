"""Keeps the save guard on whichever contents manager the server ends up with.

Another extension may put its own contents manager in place after jupyter-secrets has loaded:
jupytext's server extension builds one and assigns ``serverapp.contents_manager`` (and the web
app's setting), dropping the hooks registered on the old one. So the manager is hooked when the
extension loads, again at start (when every extension has loaded), and on every request that
writes through the contents API the manager serving it is hooked if it is new; a manager that
still does not carry the hooks after that is refused (fail closed).
"""
from __future__ import annotations

import logging
from typing import Optional

from .atomic_save import install_crash_safe_writing


class ContentsHooks:
    """The save guard's hooks (and crash-safe writing) on the server's contents managers."""

    def __init__(self, saves, log: logging.Logger):
        self.saves = saves
        self.log = log

    def attach(self, serverapp) -> None:
        self.hook(serverapp.contents_manager)

    def ensure(self, contents_manager) -> Optional[str]:
        """Hooks a manager that lacks the hooks; why its saves cannot be checked, or None."""
        if self.problem(contents_manager) is None:
            return None
        self.log.warning("jupyter-secrets: the contents manager is now %s; hooking it",
                         type(contents_manager).__name__)
        self.hook(contents_manager)
        return self.problem(contents_manager)

    def hook(self, contents_manager) -> None:
        try:
            if self.saves.pre_save not in contents_manager._pre_save_hooks:
                contents_manager.register_pre_save_hook(self.saves.pre_save)
            if self.saves.post_save not in contents_manager._post_save_hooks:
                contents_manager.register_post_save_hook(self.saves.post_save)
        except Exception as error:  # not a ContentsManager: problem() reports it
            self.log.error("jupyter-secrets: cannot hook the contents manager %s (%s)",
                           type(contents_manager).__name__, type(error).__name__)
            return
        if not install_crash_safe_writing(contents_manager):
            self.log.info("jupyter-secrets: %s writes no files of its own; saves are written as "
                          "it does", type(contents_manager).__name__)

    def problem(self, contents_manager) -> Optional[str]:
        """Why saves through ``contents_manager`` would not be checked; None when they are."""
        pre = getattr(contents_manager, "_pre_save_hooks", None)
        post = getattr(contents_manager, "_post_save_hooks", None)
        if pre is None or post is None:
            return f"the contents manager {type(contents_manager).__name__} runs no save hooks"
        if self.saves.pre_save not in pre or self.saves.post_save not in post:
            return (f"the contents manager {type(contents_manager).__name__} does not carry the "
                    f"save guard's hooks")
        return None

    def verify(self, serverapp) -> Optional[str]:
        """At start: hooks every manager the server serves from, and says (and logs) why saves
        will be refused if one of them still lacks the hooks."""
        managers = {id(m): m for m in (serverapp.contents_manager,
                                       serverapp.web_app.settings.get("contents_manager"))
                    if m is not None}
        for manager in managers.values():
            problem = self.ensure(manager)
            if problem:
                self.log.error("jupyter-secrets: %s; every save on this server will be refused",
                               problem)
                return problem
        return None
