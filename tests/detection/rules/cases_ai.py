"""Examples for the model-provider and AI-platform rules."""

from __future__ import annotations

import json

from .cases import Case, context_case, token_case
from .fakes import LOWER, UPPER, Fakes

LETTERS = LOWER + UPPER

F = Fakes("ai")
H = F.hex


def _openai_legacy():
    key = f"sk-{F.alnum(20)}T3BlbkFJ{F.alnum(20)}"
    return token_case(
        "openai-api-key",
        key,
        negatives=[
            f"sk-{F.alnum(20)}T3BlbkFJ{F.alnum(19)}",
            f"sk-{F.alnum(20)}T3B1bkFJ{F.alnum(20)}",
            "sk-...T3BlbkFJ...",
        ],
    )


def _neptune():
    payload = json.dumps(
        {
            "api_address": "https://app.neptune.ai",
            "api_url": "https://app.neptune.ai",
            "api_key": F.uuid(),
        },
        separators=(",", ":"),
    ).encode()
    token = F.b64_of(payload).rstrip("=")
    not_json = "eyJhcGlfYWRkcmVzcyI6" + F.b64(80)
    return token_case(
        "neptune-api-token", token, negatives=[not_json], template='NEPTUNE_API_TOKEN = "{}"'
    )


CASES = [
    _openai_legacy(),
    token_case(
        "openai-project-key",
        f"sk-proj-{F.b64url(156)}",
        negatives=[
            f"sk-proj-{F.alnum(20)}",
            "sk-proj-...",
            "sk-proj-" + "x" * 60,
            f"sk-PROJ-{F.alnum(80)}",
        ],
    ),
    token_case(
        "openai-service-account-key",
        f"sk-svcacct-{F.b64url(120)}",
        negatives=[f"sk-svcacct-{F.alnum(30)}", "sk-svcacct-<your-key>"],
    ),
    token_case(
        "openai-admin-key",
        f"sk-admin-{F.b64url(120)}",
        negatives=[f"sk-admin-{F.alnum(10)}", "sk-admin-" + "a1" * 40],
    ),
    token_case("openai-user-key", f"sk-None-{F.b64url(120)}", negatives=[f"sk-None-{F.alnum(12)}"]),
    token_case(
        "anthropic-api-key",
        f"sk-ant-api03-{F.b64url(93)}AA",
        negatives=[
            f"sk-ant-api03-{F.b64url(40)}",
            "sk-ant-api03-...",
            f"sk-ant-apiXX-{F.b64url(93)}AA",
        ],
    ),
    token_case(
        "anthropic-admin-key",
        f"sk-ant-admin01-{F.b64url(93)}AA",
        negatives=[f"sk-ant-admin01-{F.b64url(50)}"],
    ),
    token_case(
        "anthropic-oauth-token",
        f"sk-ant-oat01-{F.b64url(93)}AA",
        negatives=[f"sk-ant-oxt01-{F.b64url(93)}AA"],
        extra_positives=[(f"t={k}", k) for k in [f"sk-ant-ort01-{F.b64url(93)}AA"]],
    ),
    context_case(
        "cohere-api-key",
        "COHERE_API_KEY",
        F.alnum(40),
        negatives=[F.alnum(39), F.alnum(41)],
        extra_positives=[(f'co = cohere.ClientV2(api_key="{v}")', v) for v in [F.alnum(40)]],
    ),
    context_case(
        "mistral-api-key", "MISTRAL_API_KEY", F.alnum(32), negatives=[F.alnum(31), "a" * 32]
    ),
    token_case("groq-api-key", f"gsk_{F.alnum(52)}", negatives=[f"gsk_{F.alnum(51)}"]),
    token_case("together-api-key", f"tgp_v1_{F.b64url(43)}", negatives=[f"tgp_v1_{F.alnum(12)}"]),
    context_case("together-api-key-legacy", "TOGETHER_API_KEY", H(64), negatives=[H(63)]),
    token_case("perplexity-api-key", f"pplx-{F.alnum(48)}", negatives=[f"pplx-{F.alnum(20)}"]),
    token_case("replicate-api-token", f"r8_{F.alnum(37)}", negatives=[f"r8_{F.alnum(36)}"]),
    token_case(
        "huggingface-access-token",
        f"hf_{F.chars(LETTERS, 34)}",
        negatives=["hf_hub_download_model_weights_for_llama", f"hf_{F.alnum(20)}"],
    ),
    token_case(
        "huggingface-org-token", f"api_org_{F.alnum(34)}", negatives=[f"api_org_{F.alnum(12)}"]
    ),
    token_case("xai-api-key", f"xai-{F.alnum(80)}", negatives=[f"xai-{F.alnum(40)}"]),
    context_case("deepseek-api-key", "DEEPSEEK_API_KEY", f"sk-{H(32)}", negatives=[f"sk-{H(31)}"]),
    token_case("fireworks-api-key", f"fw_{F.alnum(24)}", negatives=[f"fw_{F.alnum(10)}"]),
    token_case("openrouter-api-key", f"sk-or-v1-{H(64)}", negatives=[f"sk-or-v1-{H(63)}"]),
    token_case("elevenlabs-api-key", f"sk_{H(48)}", negatives=[f"sk_{H(47)}", f"sk_{F.alnum(48)}"]),
    context_case(
        "elevenlabs-api-key-legacy",
        "ELEVENLABS_API_KEY",
        H(32),
        negatives=[H(30)],
        extra_positives=[(f'headers = {{"xi-api-key": "{v}"}}', v) for v in [H(32)]],
    ),
    context_case("assemblyai-api-key", "aai.settings.api_key", H(32), negatives=[H(33)]),
    context_case("deepgram-api-key", "DEEPGRAM_API_KEY", H(40), negatives=[H(32)]),
    token_case("voyage-api-key", f"pa-{F.b64url(43)}", negatives=[f"pa-{F.alnum(20)}"]),
    token_case("jina-api-key", f"jina_{H(32)}{F.b64url(28)}", negatives=[f"jina_{H(20)}"]),
    context_case("ai21-api-key", "AI21_API_KEY", F.alnum(32), negatives=[F.alnum(31)]),
    context_case(
        "stability-api-key",
        "STABILITY_API_KEY",
        f"sk-{F.alnum(48)}",
        negatives=[f"sk-{F.alnum(47)}"],
    ),
    token_case("cerebras-api-key", f"csk-{F.lower(48)}", negatives=[f"csk-{F.lower(20)}"]),
    token_case("nvidia-api-key", f"nvapi-{F.b64url(64)}", negatives=[f"nvapi-{F.b64url(30)}"]),
    context_case(
        "azure-openai-api-key",
        "AZURE_OPENAI_API_KEY",
        H(32),
        negatives=[H(31)],
        extra_positives=[
            (f'AzureOpenAI(api_key="{v}", api_version="2024-06-01")', v) for v in [F.alnum(84)]
        ],
    ),
    token_case("anyscale-api-key", f"esecret_{F.alnum(28)}", negatives=[f"esecret_{F.alnum(8)}"]),
    context_case(
        "runpod-api-key", "RUNPOD_API_KEY", f"rpa_{F.upper(44)}", negatives=[f"rpa_{F.upper(10)}"]
    ),
    context_case(
        "baseten-api-key",
        "BASETEN_API_KEY",
        f"{F.alnum(8)}.{F.alnum(32)}",
        negatives=[f"{F.alnum(8)}.{F.alnum(20)}"],
    ),
    token_case(
        "langsmith-personal-token",
        f"lsv2_pt_{H(32)}_{H(10)}",
        negatives=[f"lsv2_pt_{H(32)}_{H(9)}"],
    ),
    token_case(
        "langsmith-service-key", f"lsv2_sk_{H(32)}_{H(10)}", negatives=[f"lsv2_sk_{H(31)}_{H(10)}"]
    ),
    token_case("langsmith-legacy-key", f"ls__{H(32)}", negatives=[f"ls__{H(31)}"]),
    token_case("langfuse-secret-key", f"sk-lf-{F.uuid()}", negatives=[f"sk-lf-{H(32)}"]),
    token_case(
        "pinecone-api-key",
        f"pcsk_{F.alnum(6)}_{F.alnum(64)}",
        negatives=[f"pcsk_{F.alnum(6)}_{F.alnum(20)}"],
    ),
    context_case("pinecone-api-key-legacy", "PINECONE_API_KEY", F.uuid(), negatives=[H(32)]),
    context_case(
        "wandb-api-key",
        "WANDB_API_KEY",
        H(40),
        negatives=[H(39), H(41)],
        extra_positives=[(f'wandb.login(key="{v}")', v) for v in [H(40)]]
        + [(f"!wandb login {v}", v) for v in [H(40)]],
    ),
    context_case(
        "comet-api-key",
        "COMET_API_KEY",
        F.alnum(25),
        negatives=[F.alnum(12)],
        extra_positives=[(f'exp = comet_ml.Experiment(api_key="{v}")', v) for v in [F.alnum(25)]],
    ),
    _neptune(),
    token_case(
        "databricks-token",
        f"dapi{H(32)}",
        negatives=[f"dapi{H(31)}", f"dapi{F.alnum(32)}"],
        extra_positives=[(f"tok: {v}", v) for v in [f"dapi{H(32)}-2"]],
    ),
    context_case("kaggle-api-key", "KAGGLE_KEY", H(32), negatives=[H(31)]),
    Case(
        "kaggle-json-key",
        [(f'{{"username":"someone","key":"{v}"}}', v) for v in [H(32)]],
        [f'{{"username":"someone","key":"{H(31)}"}}', f'{{"user":"someone","key":"{H(32)}"}}'],
    ),
    context_case("clarifai-pat", "CLARIFAI_PAT", H(32), negatives=[H(31)]),
    context_case(
        "roboflow-api-key",
        "roboflow.Roboflow(api_key",
        F.alnum(20),
        template='{}="{}")',
        negatives=[F.alnum(19)],
    ),
    context_case("qdrant-api-key", "QDRANT_API_KEY", F.b64url(40), negatives=[F.alnum(20)]),
    context_case("weaviate-api-key", "WEAVIATE_API_KEY", F.alnum(40), negatives=[F.alnum(20)]),
    context_case(
        "chroma-api-key",
        "CHROMA_API_KEY",
        f"ck-{F.alnum(44)}",
        negatives=[f"ck-{F.alnum(12)}", F.alnum(44)],
    ),
    context_case(
        "modal-token-secret",
        "MODAL_TOKEN_SECRET",
        f"as-{F.alnum(22)}",
        negatives=[f"as-{F.alnum(10)}"],
        extra_positives=[
            (f"!modal token set --token-id ak-{F.alnum(22)} --token-secret {v}", v)
            for v in [f"as-{F.alnum(22)}"]
        ],
    ),
    token_case("llamacloud-api-key", f"llx-{F.alnum(48)}", negatives=[f"llx-{F.alnum(20)}"]),
    token_case("tavily-api-key", f"tvly-dev-{F.alnum(32)}", negatives=[f"tvly-{F.alnum(31)}"]),
    token_case("firecrawl-api-key", f"fc-{H(32)}", negatives=[f"fc-{H(31)}"]),
    context_case("serpapi-api-key", "SERPAPI_API_KEY", H(64), negatives=[H(63)]),
    context_case("exa-api-key", "EXA_API_KEY", F.uuid(), negatives=[H(32)]),
    token_case("e2b-api-key", f"e2b_{H(40)}", negatives=[f"e2b_{H(39)}"]),
]
