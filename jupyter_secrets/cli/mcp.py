"""`jupyter-secrets mcp`: an MCP server (stdio) for AI agents: secret names, code that reads a
secret by name, and grant requests a person approves; never a value."""
from __future__ import annotations

import argparse
import os

from .governed import CommandError, add_common_arguments, fail, governance

HELP = "serve AI agents over MCP (stdio): secret names, secret() code and grant requests, never values"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agent", default="mcp-agent", metavar="NAME",
                        help="who the agent is, as the audit trail records it (agent:NAME)")
    parser.add_argument("--root", default=".", metavar="DIR",
                        help="the notebooks' root folder, as the Jupyter server serves it "
                             "(default: the current folder)")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from jupyter_secrets.assistants.agent_tools import AgentTools
    from jupyter_secrets.assistants.mcp_server import build_server

    try:
        gov = governance(args).with_source("mcp", f"agent:{args.agent}")
    except CommandError as e:
        return fail("mcp", e)
    if not os.path.isdir(args.root):
        return fail("mcp", f"no folder {args.root!r}")
    build_server(AgentTools(gov, args.root)).run("stdio")
    return 0
