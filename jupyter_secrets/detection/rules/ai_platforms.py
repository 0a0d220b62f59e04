"""Tools around the models: tracing, experiment tracking, vector stores, data and serving."""
from __future__ import annotations

from ..rule import Rule
from .patterns import context, hex_chars, token, uuid
from .validators import is_neptune_token

FAMILY = "ai"


RULES = (
    token("langsmith-personal-token", "LangSmith personal access token", "lsv2_pt_",
          hex_chars("32") + "_" + hex_chars("10"), family=FAMILY, min_entropy=3.0),
    token("langsmith-service-key", "LangSmith service key", "lsv2_sk_",
          hex_chars("32") + "_" + hex_chars("10"), family=FAMILY, min_entropy=3.0),
    token("langsmith-legacy-key", "LangSmith / LangChain API key (legacy)", "ls__",
          hex_chars("32"), family=FAMILY, min_entropy=3.0),
    token("langfuse-secret-key", "Langfuse secret key", "sk-lf-", uuid(), family=FAMILY,
          min_entropy=3.0),
    token("pinecone-api-key", "Pinecone API key", "pcsk_", "[A-Za-z0-9]{4,10}_[A-Za-z0-9]{50,80}",
          family=FAMILY, min_entropy=4.0),
    context("pinecone-api-key-legacy", "Pinecone API key (legacy UUID)", ("pinecone",), uuid(),
            family=FAMILY, min_entropy=3.0),
    context("wandb-api-key", "Weights & Biases API key", ("wandb",),
            "(?:local-)?" + hex_chars("40"), family=FAMILY, min_entropy=3.0),
    context("comet-api-key", "Comet ML API key",
            ("comet_api_key", "comet-api-key", "comet_ml.login", "comet_ml.init",
             "comet_ml.start", "comet_ml.experiment", "comet_ml.api"),
            "[A-Za-z0-9]{20,40}", family=FAMILY, min_entropy=3.5),
    token("neptune-api-token", "Neptune.ai API token", "eyJhcGlfYWRkcmVzcyI6",
          "[A-Za-z0-9+/]{40,400}={0,2}", extra="+/=", keywords=("eyjhcglfywrkcmvzcyi6",),
          family=FAMILY, min_entropy=4.0, validators=(is_neptune_token,)),
    token("databricks-token", "Databricks personal access token", "dapi",
          hex_chars("32") + "(?:-[0-9])?", family=FAMILY, min_entropy=3.0),
    context("kaggle-api-key", "Kaggle API key", ("kaggle_key", "kaggle-key"), hex_chars("32"),
            family=FAMILY, min_entropy=3.0),
    Rule(id="kaggle-json-key", description="Kaggle API key in kaggle.json", family=FAMILY,
         pattern=r'"username"\s*:\s*"[^"\n]{1,64}"\s*,\s*"key"\s*:\s*"(?P<secret>[a-f0-9]{32})"',
         keywords=('"username"',), min_entropy=3.0),
    context("clarifai-pat", "Clarifai personal access token", ("clarifai",), hex_chars("32"),
            family=FAMILY, min_entropy=3.0),
    context("roboflow-api-key", "Roboflow API key", ("roboflow",), "[A-Za-z0-9]{20}",
            family=FAMILY, min_entropy=3.3),
    context("qdrant-api-key", "Qdrant Cloud API key", ("qdrant",), r"[A-Za-z0-9_|.\-]{32,150}",
            extra="-_|.", family=FAMILY, min_entropy=4.0),
    context("weaviate-api-key", "Weaviate Cloud API key", ("weaviate",), "[A-Za-z0-9]{32,60}",
            family=FAMILY, min_entropy=4.0),
    context("chroma-api-key", "Chroma Cloud API key", ("chroma",), "ck-[A-Za-z0-9]{30,60}",
            prefix="ck-", family=FAMILY, min_entropy=4.0),
    context("modal-token-secret", "Modal token secret", ("token-secret", "token_secret"),
            "as-[A-Za-z0-9]{20,40}", prefix="as-", family=FAMILY, min_entropy=3.8),
    token("llamacloud-api-key", "LlamaCloud / LlamaParse API key", "llx-", "[A-Za-z0-9]{40,60}",
          family=FAMILY, min_entropy=4.0),
    token("tavily-api-key", "Tavily search API key", "tvly-",
          "(?:dev-|prod-)?[A-Za-z0-9]{32}", family=FAMILY, min_entropy=3.8),
    token("firecrawl-api-key", "Firecrawl API key", "fc-", hex_chars("32"), family=FAMILY,
          min_entropy=3.0),
    context("serpapi-api-key", "SerpApi key", ("serpapi", "serp_api"), hex_chars("64"),
            family=FAMILY, min_entropy=3.0),
    context("exa-api-key", "Exa search API key", ("exa_api_key", "exa-api-key"), uuid(),
            family=FAMILY, min_entropy=3.0),
    token("e2b-api-key", "E2B sandbox API key", "e2b_", hex_chars("40"), family=FAMILY,
          min_entropy=3.0),
)
