import json

import nbformat

from jupyter_secrets.redaction import clean_bytes, redact_notebook

from .conftest import DEMO_KEY, DEMO_TOKEN
from .notebooks import code, display, error, notebook, stream


def test_clean_redacts_sources_with_a_syntax_keeping_placeholder(scanner):
    nb = notebook(code(f'key = "{DEMO_KEY}"\nprint(1)\n'))
    result = clean_bytes(json.dumps(nb).encode(), "nb.ipynb", scanner)
    cleaned = nbformat.reads(result.content.decode(), as_version=4)
    source = cleaned.cells[0].source
    assert source == 'key = "REDACTED_DEMO_KEY"\nprint(1)\n'
    compile(source, "cell", "exec")
    assert scanner.scan_bytes(result.content, "nb.ipynb").findings == []


def test_clean_marks_outputs_and_keeps_everything_else(scanner):
    nb = notebook(code("x", outputs=[
        stream(f"tok {DEMO_TOKEN}\n"),
        display({"application/json": {"k": DEMO_KEY}, "text/plain": "fine"}),
        error(DEMO_KEY, [f"\x1b[31mError\x1b[0m: {DEMO_KEY}", "\x1b[31mplain\x1b[0m"]),
    ]))
    result = clean_bytes(json.dumps(nb).encode(), "nb.ipynb", scanner)
    outputs = json.loads(result.content)["cells"][0]["outputs"]
    assert outputs[0]["text"] == ["tok tok-[REDACTED:demo-token]\n"]
    assert outputs[1]["data"] == {"application/json": {"k": "[REDACTED:demo-key]"}, "text/plain": ["fine"]}
    assert outputs[2]["evalue"] == "[REDACTED:demo-key]"
    assert outputs[2]["traceback"] == ["Error: [REDACTED:demo-key]", "plain"]


def test_clean_output_is_what_nbformat_writes(scanner):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f'k = "{DEMO_KEY}"'),
                                         nbformat.v4.new_markdown_cell("untouched  \n text")])
    result = clean_bytes(nbformat.writes(nb).encode(), "nb.ipynb", scanner)
    nb.cells[0].source = 'k = "REDACTED_DEMO_KEY"'
    assert result.content == nbformat.writes(nb).encode()


def test_nothing_to_clean_gives_no_content(scanner):
    assert clean_bytes(json.dumps(notebook(code("1 + 1"))).encode(), "nb.ipynb", scanner).content is None
    assert clean_bytes(b"plain text", "a.txt", scanner).content is None


def test_unreadable_files_are_not_cleaned(scanner):
    result = clean_bytes(b'{"cells": [', "bad.ipynb", scanner)
    assert result.content is None and "not cleaned" in result.errors[0].message


def test_redact_notebook_only_in_the_places_asked(scanner):
    nb = notebook(code(f'k = "{DEMO_KEY}"', outputs=[stream(DEMO_KEY)]))
    redacted = redact_notebook(nb, scanner, "nb.ipynb", wheres={"outputs"})
    assert [f.where for f in redacted] == ["outputs"]
    assert DEMO_KEY in nb["cells"][0]["source"] and DEMO_KEY not in json.dumps(nb["cells"][0]["outputs"])
