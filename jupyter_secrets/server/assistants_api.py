"""GET /jupyter-secrets/assistants: the AI assistants installed beside this server, whether
their context is guarded (and what is not), and how agents reach secrets by name."""
from __future__ import annotations

import logging

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from ..assistants.registry import agent_server, installed_assistants
from .governed import AUTH_RESOURCE


class AssistantsHandler(APIHandler):
    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        self.finish({"assistants": [a.to_json() for a in installed_assistants()],
                     "agent_server": agent_server()})


def warn_about_unguarded(log: logging.Logger) -> None:
    """Said once at start, so nobody reads protection into silence."""
    for assistant in installed_assistants():
        if not assistant.guarded:
            log.warning("jupyter-secrets: %s %s is installed and its context is not fully "
                        "guarded: %s can still reach its model provider", assistant.name,
                        assistant.version, assistant.not_covered)


def assistants_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/assistants", AssistantsHandler)]
