"""Examples for the finance, banking and crypto-exchange rules."""

from __future__ import annotations

import hashlib

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("finance")
H, A, L, U, B = F.hex, F.alnum, F.lower, F.upper, F.b64url
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58(raw: bytes) -> str:
    n, out = int.from_bytes(raw, "big"), ""
    while n:
        n, rest = divmod(n, 58)
        out = BASE58[rest] + out
    return out


def _wif(compressed: bool = True, corrupt: bool = False) -> str:
    key = bytes(F.rng.randrange(256) for _ in range(32))
    payload = b"\x80" + key + (b"\x01" if compressed else b"")
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    if corrupt:
        check = bytes([check[0] ^ 1]) + check[1:]
    return _base58(payload + check)


def _wif_case() -> Case:
    key, uncompressed = _wif(), _wif(compressed=False)
    return Case(
        "bitcoin-wif-private-key",
        [(f'wif = "{key}"', key), (f"BITCOIN_PRIVKEY={uncompressed}\n", uncompressed)],
        [f'wif = "{_wif(corrupt=True)}"', f'wif = "{key[:-1]}"', f'wif = "{key[:-7]}EXAMPLE"',
         f'model_name = "{key}"', 'wif = "' + "K" + "x" * 51 + '"'],
    )


CASES = [
    _wif_case(),
    named("coinbase-api-secret", "COINBASE_API_SECRET", B(64), B(63)),
    named("kraken-api-secret", "KRAKEN_PRIVATE_KEY", F.b64(86) + "==", F.b64(60)),
    named("kucoin-api-key", "KUCOIN_API_KEY", H(24), H(23), [H(25)]),
    named("kucoin-api-secret", "KUCOIN_API_SECRET", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("bittrex-api-key", "BITTREX_API_KEY", H(32), H(31), [H(33)]),
    named("binance-api-key", "BINANCE_API_SECRET", A(64), A(63), [A(65)]),
    named("bitfinex-api-key", "BITFINEX_API_KEY", A(43), A(42), [A(44)]),
    named("bybit-api-secret", "BYBIT_API_SECRET", A(36), A(35), [A(37)]),
    named("gemini-exchange-api-secret", "GEMINI_API_SECRET", A(28), A(27), [A(29)]),
    named("alpaca-api-secret", "APCA_API_SECRET_KEY", A(40), A(39), [A(41)]),
    named("alpaca-api-key-id", "APCA_API_KEY_ID", f"PK{U(18)}", f"PK{U(17)}", [f"PX{U(18)}"]),
    named("etherscan-api-key", "ETHERSCAN_API_KEY", U(34), U(33), [U(35)]),
    named("infura-api-key", "INFURA_PROJECT_SECRET", H(32), H(31), [H(33)]),
    named("alchemy-api-key", "ALCHEMY_API_KEY", B(32), B(31), [B(33)]),
    named("moralis-api-key", "MORALIS_API_KEY", A(64), A(63), [A(65)]),
    named("crypto-wallet-private-key", "PRIVATE_KEY", f"0x{H(64)}", f"0x{H(63)}", [f"0x{H(40)}"]),
    named("paystack-secret-key", "PAYSTACK_SECRET_KEY", f"sk_live_{H(40)}", f"sk_live_{H(39)}",
          [f"pk_live_{H(40)}"]),
    named("mollie-api-key", "MOLLIE_API_KEY", f"live_{A(30)}", f"live_{A(29)}", [f"prod_{A(30)}"]),
    named("checkout-secret-key", "CHECKOUT_SECRET_KEY", f"sk_sbox_{L(26)}", f"sk_sbox_{L(25)}",
          [f"pk_sbox_{L(26)}"]),
    named("adyen-api-key", "ADYEN_API_KEY", f"AQE{F.b64(120)}", f"AQE{F.b64(60)}",
          [f"AQF{F.b64(120)}"]),
    tok("razorpay-key-id", "rzp_live_", A(14), A(13), [f"rzp_prod_{A(14)}"]),
    tok("xendit-secret-key", "xnd_production_", A(60), A(40), [f"xnd_staging_{A(60)}"]),
    named("midtrans-server-key", "MIDTRANS_SERVER_KEY", f"Mid-server-{B(24)}", f"Mid-server-{B(12)}",
          [f"Mid-client-{B(24)}"]),
    tok("duffel-api-token", "duffel_live_", B(43), B(42), [f"duffel_prod_{B(43)}"]),
    tok("flutterwave-public-key", "FLWPUBK_TEST-", f"{H(32)}-X", f"{H(31)}-X",
        [f"FLWPUBK_TEST-{H(32)}"]),
    tok("flutterwave-encryption-key", "FLWSECK_TEST", H(12), H(11), [f"FLWSECK_TEST{H(13)}"]),
    tok("paddle-api-key", "pdl_live_apikey_", f"{L(26)}_{A(22)}_{A(3)}", f"{L(26)}_{A(21)}_{A(3)}",
        [f"pdl_prod_apikey_{L(26)}_{A(22)}_{A(3)}"]),
    tok("mercury-api-token", "mercury_production_", f"rma_{A(45)}_yrucrem", f"rma_{A(30)}_yrucrem",
        [f"mercury_production_rma_{A(45)}_mercury"]),
    tok("ramp-client-secret", "ramp_sec_", A(48), A(47), [f"ramp_sec_{A(49)}"]),
    tok("ramp-client-id", "ramp_id_", A(40), A(39), [f"ramp_id_{A(41)}"]),
    named("plaid-access-token", "PLAID_ACCESS_TOKEN", f"access-sandbox-{F.uuid()}",
          f"access-sandbox-{H(32)}", [f"access-staging-{F.uuid()}"]),
    named("finicity-app-secret", "FINICITY_APP_SECRET", A(20), A(19), [A(21)]),
    named("finicity-app-key", "FINICITY_APP_KEY", H(32), H(31), [H(33)]),
    named("wise-api-token", "WISE_API_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("braintree-private-key", "BRAINTREE_PRIVATE_KEY", H(32), H(31), [H(33)]),
    tok("highnote-secret-key", "sk_live_a2V5Xz", F.b64(69), F.b64(40)),
    tok("rainforest-pay-api-key", "apikey_", H(64), H(63), [f"apikey_{H(65)}"]),
    tok("asaas-api-key", "$aact_prod_", B(60), B(30), [f"$aact_test_{B(60)}"]),
    tok("stripe-prod-secret-key", "sk_prod_", A(40), A(20), [f"pk_prod_{A(40)}"]),
    named("polymarket-api-secret", "POLYMARKET_API_SECRET", f"{B(43)}=", f"{B(42)}="),
]
