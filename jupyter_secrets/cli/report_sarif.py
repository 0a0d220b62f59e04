"""SARIF 2.1.0 for GitHub code scanning and other SARIF readers.

Locations are relative to the folder the scan ran in (``%SRCROOT%``), which is the repository
root in a CI job. ``region`` is the line and column in the file itself (for a notebook, the line
of the .ipynb file, found by ``locate``), and a logical location names the cell, e.g.
``cells[3].outputs[0]``.

The fingerprint code scanning tracks a finding by is the same on every machine and holds no
function of the secret: SHA-256 of the rule id, the file's path and the text of the finding's
line with every secret on it masked (plus a count for identical lines). Where the secret could
not be found in the line as written, the line is left out and the cell's position is used.
"""
from __future__ import annotations

import hashlib
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
FINGERPRINT_KEY = "jupyterSecretsLine/v1"
HELP_URI = INFORMATION_URI + "/blob/main/README.md#what-to-do-about-a-finding"
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
        "results": _results(report, index, root),
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
        "helpUri": HELP_URI,
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


def _results(report: ScanReport, index: Dict[str, int], root: str) -> List[dict]:
    seen: Dict[str, int] = {}
    results = []
    for finding in report.findings:
        region = report.regions.get(id(finding))
        artifact = _artifact(finding.path, root)
        basis = _fingerprint_basis(finding, region, artifact["uri"])
        seen[basis] = seen.get(basis, 0) + 1
        fingerprint = hashlib.sha256(f"{basis}\0{seen[basis]}".encode("utf-8", "surrogatepass")).hexdigest()
        results.append(_result(finding, index[finding.rule], artifact, region, fingerprint[:32]))
    return results


def _fingerprint_basis(finding: Finding, region, uri: str) -> str:
    if region is not None and region.masked_line is not None:
        return "\0".join([finding.rule, uri, region.masked_line])
    # no line text to go by: the place inside the notebook, which holds nothing of the secret
    return "\0".join([finding.rule, uri, logical_name(finding) or "", str(finding.line),
                      str(finding.column)])


def _result(finding: Finding, rule_index: int, artifact: dict, region, fingerprint: str) -> dict:
    line, column = (region.line, region.column) if region is not None else (finding.line, finding.column)
    location: Dict = {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": max(1, line), "startColumn": max(1, column)},
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
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
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
