"""The redactions the model guard makes go into the real audit trail: rule, assistant, place
and notebook, never a value; past a bound, one record sums up the rest."""
from __future__ import annotations

import json

from jupyter_secrets.assistants.context_guard import redact_for_model
from jupyter_secrets.assistants.guard_setup import ACTION, MAX_RECORDS, record_redactions
from jupyter_secrets.assistants.request_origin import Origin
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.governance.service import Governance
from jupyter_secrets.testing.model_keys import openai_project_key
from tests.governance.conftest import governance_config

from .test_context_guard import encodings


def test_each_redaction_is_a_record_without_the_value(tmp_path):
    gov = Governance(governance_config(tmp_path), actor="tester", source="server")
    keys = [openai_project_key() for _ in range(MAX_RECORDS + 3)]
    request = {"messages": [{"role": "user", "content": f"cell {i}: {k}"}
                            for i, k in enumerate(keys)]}
    _, found = redact_for_model(request, assistant="Notebook Intelligence", engine=Engine())
    assert len(found) == len(keys)

    record_redactions(gov.auditor, found, Origin("Notebook Intelligence", "work/train.ipynb"))

    records = [r.to_json() for r in gov.audit.records() if r.action == ACTION]
    assert len(records) == MAX_RECORDS + 1
    assert {r["outcome"] for r in records} == {"redacted"}
    assert {r["path"] for r in records} == {"work/train.ipynb"}
    assert all(r["detail"].startswith("Notebook Intelligence: ") for r in records)
    assert any(r["detail"].endswith("openai-project-key at $.messages[0].content")
               for r in records)
    assert records[-1]["detail"] == "Notebook Intelligence: 3 more (openai-project-key)"
    text = json.dumps(records)
    for key in keys:
        assert not any(form in text for form in encodings(key))
    assert gov.audit.verify().ok
