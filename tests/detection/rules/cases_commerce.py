"""Examples for the shipping, e-commerce and billing rules."""

from __future__ import annotations

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("commerce")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


CASES = [
    tok("easypost-api-key", "EZAK", A(54), A(53), [f"EZTK{A(54)}"]),
    tok("easypost-test-api-key", "EZTK", A(54), A(53), [f"EZAK{A(54)}"]),
    named("lob-api-key", "LOB_API_KEY", f"live_{H(35)}", f"live_{H(34)}", [f"prod_{H(35)}"]),
    named("lob-publishable-key", "lobPublishableKey", f"test_pub_{H(31)}", f"test_pub_{H(30)}",
          [f"test_pbl_{H(31)}"]),
    tok("shippo-api-token", "shippo_live_", H(40), H(39), [f"shippo_prod_{H(40)}"]),
    named("shipengine-api-key", "SHIPENGINE_API_KEY", f"TEST_{F.b64(43)}", f"TEST_{F.b64(30)}"),
    named("shipstation-api-secret", "SHIPSTATION_API_SECRET", H(32), H(31), [H(33)]),
    named("aftership-api-key", "AFTERSHIP_API_KEY", f"asat_{H(32)}", f"asat_{H(31)}",
          [f"asxt_{H(32)}"]),
    tok("woocommerce-consumer-secret", "cs_", H(40), H(39), [f"cx_{H(40)}"]),
    tok("woocommerce-consumer-key", "ck_", H(40), H(39), [f"cx_{H(40)}"]),
    named("bigcommerce-access-token", "BIGCOMMERCE_ACCESS_TOKEN", L(31), L(30), [L(32)]),
    named("ebay-client-secret", "EBAY_CLIENT_SECRET", f"PRD-{H(12)}-{H(4)}-{H(4)}-{H(4)}-{H(4)}",
          f"PRD-{H(12)}-{H(4)}-{H(4)}-{H(4)}", [f"DEV-{H(12)}-{H(4)}-{H(4)}-{H(4)}-{H(4)}"]),
    named("gumroad-access-token", "GUMROAD_ACCESS_TOKEN", H(64), H(63), [H(65)]),
    named("printful-api-token", "PRINTFUL_API_TOKEN", A(40), A(39), [A(41)]),
    named("commercetools-client-secret", "CTP_CLIENT_SECRET", B(32), B(31), [B(33)]),
    named("klarna-api-key", "KLARNA_API_KEY", f"klarna_live_api_{B(60)}", f"klarna_live_api_{B(20)}",
          [f"klarna_beta_api_{B(60)}"]),
    tok("shopify-partner-token", "prtapi_", H(32), H(31), [f"prtapx_{H(32)}"]),
    named("mercadopago-access-token", "MERCADOPAGO_ACCESS_TOKEN",
          f"APP_USR-{D(16)}-{D(6)}-{H(32)}-{D(9)}", f"APP_USR-{D(16)}-{D(6)}-{H(31)}-{D(9)}",
          [f"APP_XXX-{D(16)}-{D(6)}-{H(32)}-{D(9)}"]),
    named("recurly-api-key", "RECURLY_API_KEY", H(32), H(31), [H(33)]),
    named("chargebee-api-key", "CHARGEBEE_API_KEY", f"live_{A(34)}", f"live_{A(20)}",
          [f"prod_{A(34)}"]),
    named("amadeus-api-secret", "AMADEUS_CLIENT_SECRET", A(16), A(15), [A(17)]),
    named("ups-client-secret", "UPS_CLIENT_SECRET", A(64), A(63), [A(65)]),
]
