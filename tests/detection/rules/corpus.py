"""Ordinary notebook content that holds no secret, though much of it looks random or names
credentials. No rule may fire on any of it."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import uuid
import zlib

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec

from .fakes import Fakes

F = Fakes("corpus")


def _png(width: int = 64, height: int = 64) -> str:
    """A real PNG of random pixels, base64 as Jupyter stores image outputs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00" + bytes(F.rng.randrange(256) for _ in range(width * 3)) for _ in range(height)
    )
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode()


def _public_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return key.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo).decode()


def _hashes() -> str:
    lines = []
    for i in range(20):
        data = f"row-{i}".encode()
        lines.append(
            f"{hashlib.md5(data).hexdigest()}  {hashlib.sha1(data).hexdigest()}  "
            f"sha256:{hashlib.sha256(data).hexdigest()}"
        )
    return "\n".join(lines)


PANDAS = """
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

df = pd.read_parquet("s3://analytics-bucket/events/2024/01/part-0000.parquet")
df["token_count"] = df["text"].str.split().str.len()
df = df.dropna(subset=["user_id", "session_key"])
summary = df.groupby("country").agg(mean_tokens=("token_count", "mean"), n=("user_id", "nunique"))
fig, ax = plt.subplots(figsize=(10, 4))
ax.hist(np.log1p(df["token_count"]), bins=50)
key = lambda row: (row["country"], -row["n"])
sorted_rows = sorted(summary.reset_index().to_dict("records"), key=key)
"""

LLM = """
import os
from getpass import getpass
from openai import OpenAI
from transformers import AutoTokenizer

api_key = os.environ["OPENAI_API_KEY"]
password = getpass()
token = os.getenv("HF_TOKEN")
client = OpenAI(api_key=api_key)
tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", token=token)
tokenizer.pad_token = tokenizer.eos_token
pad_token = "<|endoftext|>"
special_tokens = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"}
resp = client.chat.completions.create(model="gpt-4o-mini", max_tokens=256,
                                      messages=[{"role": "user", "content": "Hello"}])
usage = resp.usage.total_tokens
headers = {"Authorization": f"Bearer {api_key}", "X-API-Key": api_key}
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"
secret_name = "projects/demo/secrets/openai/versions/latest"
"""

CONFIG = """
# .env.example
OPENAI_API_KEY=<your-openai-key>
DB_PASSWORD=${DB_PASSWORD}
API_TOKEN=changeme
SECRET_KEY=
# settings.yaml
database:
  host: db.internal
  password: !env DB_PASSWORD
  password_file: /run/secrets/db_password
auth:
  token: "{{ vault_token }}"
  api_key: "%(api_key)s"
  client_secret: "your-client-secret"
"""

OUTPUTS = """
Requirement already satisfied: numpy>=1.26 in /opt/conda/lib/python3.11/site-packages (1.26.4)
Collecting tokenizers==0.19.1 (from transformers)
  Downloading tokenizers-0.19.1-cp311-cp311-manylinux_2_17_x86_64.whl (3.6 MB)
wandb: Currently logged in as: someone. Use `wandb login --relogin` to force relogin
wandb: Tracking run with wandb version 0.17.0
wandb: View run at https://wandb.ai/team/project/runs/3kq8x1zr
Traceback (most recent call last):
  File "/tmp/ipykernel_1234/2764553459.py", line 3, in <module>
KeyError: 'OPENAI_API_KEY'
Epoch 1/10 - loss: 0.6931 - accuracy: 0.5012 - val_loss: 0.6925
"""

PROSE = """
Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut
labore et dolore magna aliqua. The bearer authentication scheme sends a token in the
Authorization header; never paste a secret key or password into a notebook. Use
https://docs.example.org/api/v1/reference?page=2&sort=name or http://localhost:8888/lab for
details, and store the API key in the OS keyring. See postgresql://db.internal:5432/analytics.
"""


#: Shapes met in library code and API docs that name a credential without holding one.
LOOKALIKES = r"""
{"NextToken": "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==",
 "nextForwardToken": "f/31961209122447488583055879464742346735121166569214640130",
 "ClientToken": "cachedvol112233", "VerificationToken": "QTKknzFg2J4ygwa+XvHAxUl1hyHoY0gVfZdfjIedHZ0=",
 "PolicyUpdateToken": "1:X9QGexP7HASDlsFp+G31Iw==", "output_token": "EngineDefaults.Marker",
 "result_key": "CloudFrontOriginAccessIdentityList.Items", "S3Key": "my-app/5026-stage-150723.war",
 "AWS::ApiGateway::ApiKey": "48205d4ffd7feba3", "AWS::SecretsManager::Secret": "c85175a4ebcce361"}
aws logs get-log-events --starting-token eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxMH0=
https://www.googleapis.com/drive/v3/files?pageToken=CAESB0FCQ0RFRkcaBgoEdGVzdA2024&fields=files
token = Name.Builtin
min_key = self.G2_node_order.__getitem__
secret = r'([a-z0-9]{64})'
password = r'([a-f0-9]{48}(?![a-f0-9]))'
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"
_SAR_APP_KEY = "serverlessrepo:applicationId"
pkey = r"HARDWARE\DESCRIPTION\System\CentralProcessor"
attributes_key = f"{decapitalize(decision_type)}DecisionAttributes"
node_module = key = "vscode-html-languageserver-bin"
"PrivateKey": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIABAKCAQEAqKpRgnn6yq26U3yt5YFZquyukfRjbMXDcNOK4rMCxDR...fvY4+te\n-----END RSA PRIVATE KEY-----"
"privateKey": "-----BEGIN RSA PRIVATE KEY-----\nEXAMPLEBAAKCAQEA+AD3qeU2toBy5O5v7wnRLVo/tngVickL5+6Jf4tPrPeuoebMfKlA+/ZTwe6uVBEneVWRhbcra8\n-----END RSA PRIVATE KEY-----"
aws connect create-user --password Pass@Word1 --username someone
const looseKey = "@babel/plugin-class-features/looseKey";
setKey: NodePath_context.setKey
{"S3Key": "RHEL5export-i-fh8sjjsq.ova", "S3Prefix": "867139942017-PHIDetection-4750034166536cdb52ffa3295a1b00a3/"}
    public_key: SSHPublicKeyTypes
"""


def benign_texts() -> dict:
    git_shas = "\n".join(f"commit {hashlib.sha1(str(i).encode()).hexdigest()}" for i in range(10))
    uuids = "\n".join(str(uuid.UUID(int=F.rng.getrandbits(128), version=4)) for _ in range(10))
    lock = "\n".join(
        f"    --hash=sha256:{hashlib.sha256(str(i).encode()).hexdigest()} \\" for i in range(5)
    )
    npm = json.dumps(
        {
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(b"x").digest()).decode(),
            "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
        }
    )
    return {
        "lookalikes": LOOKALIKES,
        "pandas": PANDAS,
        "llm": LLM,
        "config": CONFIG,
        "outputs": OUTPUTS,
        "prose": PROSE,
        "hashes": _hashes(),
        "git": git_shas,
        "uuids": uuids,
        "lock": lock,
        "npm": npm,
        "png": json.dumps({"image/png": _png(), "text/plain": "<Figure size 640x480 with 1 Axes>"}),
        "svg": f'<img src="data:image/png;base64,{_png(16, 16)}"/>',
        "public-key": _public_key(),
        "docker": "FROM python@sha256:" + hashlib.sha256(b"img").hexdigest(),
        "redaction": (
            'api_key = "REDACTED_OPENAI_API_KEY"\n'
            'print("[REDACTED:openai-project-key]")\n'
            'password = "<redacted:generic-password-assignment>"\n'
        ),
        "html": "<table><tr><th>user_id</th><th>session_token_count</th></tr>"
        "<tr><td>8f14e45fceea167a5a36dedd4bea2543</td><td>42</td></tr></table>",
    }
