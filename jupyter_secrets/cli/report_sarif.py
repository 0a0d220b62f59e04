"""SARIF 2.1.0 for GitHub code scanning and other SARIF readers.

Locations are relative to the folder the scan ran in (``%SRCROOT%``), which is the repository
root in a CI job. For notebooks, ``region`` holds the line and column within the cell's source or
output (as in every other report) and a logical location names the cell, e.g.
``cells[3].outputs[0]``. Each result carries the keyed fingerprint, so code scanning tracks a
finding across commits without ever seeing the secret.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional
from urllib.parse import quote

from jupyter_secrets.model import Finding

from .report import ScanReport
from .version import INFORMATION_URI, package_version

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "%SRCROOT%"
FINGERPRINT_KEY = "jupyterSecretsFingerprint/v1"
_HELP = ("A plaintext credential was found. Treat it as leaked: rotate it at the provider, then "
         "keep the new value in a secret store (`%secret NAME` in a notebook, or the Secrets "
         "panel) and remove it from the file and its history. `jupyter-secrets clean FILE` "
         "redacts it from the file.")


def render(report: ScanReport, rules: Iterable = (), root: Optional[str] = None) -> str:
    """rules: the engine's Rule objects, for the descriptions of the rules that fired."""
    root = os.path.abspath(root or os.getcwd())
    described = {rule.id: rule for rule in rules}
    rule_ids = sorted({f.rule for f in report.findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = {
        "tool": {"driver": {
            "name": "jupyter-secrets",
            "informationUri": INFORMATION_URI,
            "version": package_version(),
            "rules": [_rule(rule_id, described.get(rule_id)) for rule_id in rule_ids],
        }},
        "originalUriBaseIds": {ROOT_ID: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], root) for f in report.findings],
        "invocations": [_invocation(report, root)],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule_id: str, rule) -> dict:
    description = getattr(rule, "description", "") or f"Secret matching the rule {rule_id}"
    family = getattr(rule, "family", "")
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": description},
        "fullDescription": {"text": f"{description}{f' ({family})' if family else ''}: a plaintext "
                                    "credential in a notebook or file."},
        "help": {"text": _HELP, "markdown": _HELP},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["security", "secret"], "precision": "high", "security-severity": "8.0"},
    }


def logical_name(finding: Finding) -> Optional[str]:
    """cells[3].source, cells[3].outputs[0], metadata (the notebook's): None for a text file."""
    if finding.where == "text":
        return None
    if finding.cell is None:
        return finding.where
    if finding.where == "outputs" and finding.output is not None:
        return f"cells[{finding.cell}].outputs[{finding.output}]"
    return f"cells[{finding.cell}].{finding.where}"


def _message(finding: Finding) -> str:
    where = logical_name(finding)
    inside = f" in {where}" if where else ""
    return f"Plaintext secret ({finding.rule}){inside}, line {finding.line}: {finding.preview}"


def _result(finding: Finding, rule_index: int, root: str) -> dict:
    location: Dict = {"physicalLocation": {
        "artifactLocation": _artifact(finding.path, root),
        "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)},
    }}
    name = logical_name(finding)
    if name:
        location["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "element"}]
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": _message(finding)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }


def _artifact(path: str, root: str) -> dict:
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, root)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(relative.replace(os.sep, "/"), safe="/"), "uriBaseId": ROOT_ID}


def _invocation(report: ScanReport, root: str) -> dict:
    notes: List[dict] = [{
        "level": "error",
        "message": {"text": f"{problem.path}: {problem.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(problem.path, root)}}],
    } for problem in report.errors]
    invocation: Dict = {"executionSuccessful": not report.errors}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
