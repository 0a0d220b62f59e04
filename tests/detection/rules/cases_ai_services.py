"""Examples for the AI and ML service rules beyond the model providers and ML platforms."""

from __future__ import annotations

import string

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("ai-services")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
LETTERS = string.ascii_letters


CASES = [
    named("openai-api-key-named", "OPENAI_API_KEY", f"sk-{A(48)}", f"sk-{A(20)}", [f"pk-{A(48)}"]),
    named("moonshot-api-key", "MOONSHOT_API_KEY", f"sk-{A(48)}", f"sk-{A(47)}", [f"sk-{A(49)}"]),
    named("zhipu-api-key", "ZHIPUAI_API_KEY", f"{H(32)}.{A(16)}", f"{H(32)}.{A(15)}",
          [f"{H(32)}-{A(16)}"]),
    tok("minimax-api-key", "sk-api-", B(119), B(60), [f"sk-apx-{B(119)}"]),
    named("upstage-api-key", "UPSTAGE_API_KEY", f"up_{A(40)}", f"up_{A(20)}", [f"up_{A(51)}"]),
    named("lighton-api-key", "LIGHTON_API_KEY", B(48), B(39), [B(81)]),
    named("mem0-api-key", "MEM0_API_KEY", f"m0-{A(40)}", f"m0-{A(20)}", [f"m1-{A(40)}"]),
    named("cursor-api-key", "CURSOR_API_KEY", f"key_{H(64)}", f"key_{H(63)}", [f"kez_{H(64)}"]),
    tok("devin-api-key", "apk_user_", F.b64(150), F.b64(40), [f"apx_user_{F.b64(150)}"]),
    tok("devin-service-user-token", "cog_", F.chars(BASE32, 52), F.chars(BASE32, 51),
        [f"cog_{F.chars(BASE32, 53)}"]),
    named("greptile-api-key", "GREPTILE_API_KEY", F.b64(48), F.b64(47), [F.b64(49)]),
    named("retell-api-key", "RETELL_API_KEY", f"key_{H(28)}", f"key_{H(27)}", [f"kez_{H(28)}"]),
    tok("cartesia-api-key", "sk_car_", A(24), A(12), [f"sk_cat_{A(24)}"]),
    named("fal-api-key", "FAL_KEY", f"{F.uuid()}:{H(32)}", f"{F.uuid()}:{H(31)}",
          [f"{F.uuid()}-{H(32)}"]),
    tok("vercel-ai-gateway-key", "vck_", B(56), B(55), [f"vcq_{B(56)}"]),
    named("ollama-api-key", "OLLAMA_API_KEY", f"{H(32)}.{B(24)}", f"{H(32)}.{B(23)}",
          [f"{H(32)}-{B(24)}"]),
    tok("gemini-api-key-v2", "AQ.Ab8RN6", B(44), B(43), [f"AQ.Ab8RN7{B(44)}"]),
    tok("helicone-api-key", "sk-helicone-", f"{L(7)}-{L(7)}-{L(7)}-{L(7)}", L(12),
        [f"sk-heliconx-{L(7)}-{L(7)}-{L(7)}-{L(7)}"]),
    named("portkey-api-key", "PORTKEY_API_KEY", F.b64(30), F.b64(27), [F.b64(33)]),
    named("braintrust-api-key", "BRAINTRUST_API_KEY", f"sk-{A(48)}", f"sk-{A(20)}",
          [f"pk-{A(48)}"]),
    named("humanloop-api-key", "HUMANLOOP_API_KEY", f"hl_sk_{H(48)}", f"hl_sk_{H(20)}",
          [f"hl_pk_{H(48)}"]),
    named("predibase-api-token", "PREDIBASE_API_TOKEN", f"pb_{B(30)}", f"pb_{B(12)}",
          [f"pc_{B(30)}"]),
    named("nomic-api-key", "NOMIC_API_KEY", f"nk-{B(43)}", f"nk-{B(30)}", [f"nx-{B(43)}"]),
    named("deepinfra-api-key", "DEEPINFRA_API_TOKEN", A(32), A(31), [A(33)]),
    named("sambanova-api-key", "SAMBANOVA_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("zilliz-api-key", "ZILLIZ_API_KEY", H(104), H(103), [H(105)]),
    tok("wandb-api-key-v1", "wandb_v1_", A(77), A(76), [f"wandb_v2_{A(77)}"]),
    named("clearml-api-secret", "CLEARML_API_SECRET_KEY", A(50), A(49), [A(65)]),
    named("label-studio-api-key", "LABEL_STUDIO_API_KEY", H(40), H(39), [H(41)]),
    named("scale-ai-api-key", "SCALE_API_KEY", f"live_{H(32)}", f"live_{H(31)}", [f"prod_{H(32)}"]),
    named("hume-api-key", "HUME_API_KEY", A(48), A(47), [A(49)]),
    named("speechmatics-api-key", "SPEECHMATICS_API_KEY", A(32), A(31), [A(33)]),
    named("revai-access-token", "REVAI_ACCESS_TOKEN", f"02{B(70)}", f"02{B(40)}", [f"03{B(70)}"]),
    named("gladia-api-key", "GLADIA_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("playht-api-key", "PLAYHT_API_KEY", A(32), A(31), [A(33)]),
    named("runway-api-key", "RUNWAYML_API_SECRET", f"key_{H(128)}", f"key_{H(127)}",
          [f"kez_{H(128)}"]),
    named("leonardo-api-key", "LEONARDO_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("ideogram-api-key", "IDEOGRAM_API_KEY", B(86), B(85), [B(87)]),
    named("black-forest-labs-api-key", "BFL_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    tok("browserbase-api-key", "bb_live_", B(27), B(26), [f"bb_prod_{B(27)}"]),
    named("serper-api-key", "SERPER_API_KEY", H(40), H(39), [H(41)]),
    named("bing-search-api-key", "BING_SEARCH_API_KEY", H(32), H(31), [H(33)]),
    tok("vectara-api-key", "zwt_", B(60), B(30), [f"zxt_{B(60)}"]),
    tok("turbopuffer-api-key", "tpuf_", A(40), A(20), [f"tpux_{A(40)}"]),
    tok("astra-db-application-token", "AstraCS:", f"{F.chars(LETTERS, 24)}:{H(64)}",
        f"{F.chars(LETTERS, 24)}:{H(63)}", [f"AstraXX:{F.chars(LETTERS, 24)}:{H(64)}"]),
]
