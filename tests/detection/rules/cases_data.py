"""Examples for the data and utility API rules."""

from __future__ import annotations

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("data")
H, A, L, U = F.hex, F.alnum, F.lower, F.upper


def _hex(rule_id: str, name: str, n: int):
    return named(rule_id, name, H(n), H(n - 1), neighbours=[H(n + 1)])


CASES = [
    _hex("openweather-api-key", "OPENWEATHER_API_KEY", 32),
    _hex("apilayer-access-key", "ipstack_access_key", 32),
    named("apilayer-access-key", "WEATHERSTACK_KEY", H(32), H(24)),
    named("finnhub-api-key", "FINNHUB_API_KEY", L(20), L(19), [L(21)]),
    named("alpha-vantage-api-key", "ALPHAVANTAGE_API_KEY", U(16), U(15), [U(17)]),
    named("polygon-api-key", "POLYGON_API_KEY", A(32), A(31), [A(33)]),
    _hex("newsapi-key", "NEWSAPI_KEY", 32),
    named("nytimes-api-key", "NYTIMES_API_KEY", A(32), A(31), [A(33)]),
    named("datagov-api-key", "DATAGOV_API_KEY", A(40), A(39), [A(41)]),
    _hex("ipinfo-token", "IPINFO_TOKEN", 14),
    _hex("abuseipdb-api-key", "ABUSEIPDB_API_KEY", 80),
    _hex("virustotal-api-key", "VIRUSTOTAL_API_KEY", 64),
    named("shodan-api-key", "SHODAN_API_KEY", A(32), A(31), [A(33)]),
    _hex("hunter-api-key", "HUNTER_API_KEY", 40),
    named("rapidapi-key", "X-RapidAPI-Key", F.b64url(50), F.b64url(49), template='"{}": "{}"'),
    tok("maxmind-license-key", "", f"{A(6)}_{A(29)}_mmk", f"{A(6)}_{A(28)}_mmk",
        [f"{A(6)}_{A(29)}_mmx"]),
    named("maxmind-license-key-legacy", "MAXMIND_LICENSE_KEY", A(16), A(15), [A(17)]),
    named("databento-api-key", "DATABENTO_API_KEY", f"db-{A(29)}", f"db-{A(28)}", [f"dc-{A(29)}"]),
    named("brave-search-api-key", "BRAVE_API_KEY", f"BSA{F.b64url(27)}", f"BSA{A(12)}",
          [f"BSB{F.b64url(27)}"]),
    named("kagi-api-key", "KAGI_API_KEY", f"{F.b64url(11)}.{F.b64url(43)}",
          f"{F.b64url(11)}.{F.b64url(42)}"),
    _hex("bitly-access-token", "BITLY_ACCESS_TOKEN", 40),
    tok("apify-api-token", "apify_api_", A(36), A(35), [f"apify_api_{A(37)}"]),
    named("scrapingbee-api-key", "SCRAPINGBEE_API_KEY", U(80), U(79), [U(81)]),
    _hex("scraperapi-key", "SCRAPERAPI_KEY", 32),
    named("here-api-key", "HERE_API_KEY", F.b64url(43), F.b64url(42)),
    named("tomtom-api-key", "TOMTOM_API_KEY", A(32), A(31), [A(33)]),
    _hex("openexchangerates-app-id", "OPENEXCHANGERATES_APP_ID", 32),
    _hex("fred-api-key", "FRED_API_KEY", 32),
    named("nasdaq-data-link-key", "QUANDL_API_KEY", F.b64url(20), F.b64url(19), [F.b64url(21)]),
    _hex("tiingo-api-key", "TIINGO_API_KEY", 40),
    _hex("twelvedata-api-key", "TWELVEDATA_API_KEY", 32),
    named("iex-cloud-secret-token", "IEX_TOKEN", f"sk_{H(32)}", f"sk_{H(31)}", [f"pk_{H(32)}"]),
    _hex("opencage-api-key", "OPENCAGE_API_KEY", 32),
    _hex("ipgeolocation-api-key", "IPGEOLOCATION_API_KEY", 32),
    _hex("census-api-key", "CENSUS_API_KEY", 40),
    named("wolfram-alpha-app-id", "WOLFRAM_APP_ID", f"{U(6)}-{U(10)}", f"{U(6)}-{U(9)}",
          [f"{U(6)}{U(10)}"]),
    _hex("tmdb-api-key", "TMDB_API_KEY", 32),
    named("unsplash-access-key", "UNSPLASH_ACCESS_KEY", F.b64url(43), F.b64url(42)),
    named("pexels-api-key", "PEXELS_API_KEY", A(56), A(55), [A(57)]),
    named("giphy-api-key", "GIPHY_API_KEY", A(32), A(31), [A(33)]),
    named("clearbit-api-key", "CLEARBIT_API_KEY", f"sk_{H(32)}", f"sk_{H(31)}", [f"pk_{H(32)}"]),
    _hex("peopledatalabs-api-key", "PEOPLEDATALABS_API_KEY", 64),
    _hex("abstractapi-key", "ABSTRACTAPI_KEY", 32),
    named("urlscan-api-key", "URLSCAN_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("greynoise-api-key", "GREYNOISE_API_KEY", A(64), A(63), [A(65)]),
    named("securitytrails-api-key", "SECURITYTRAILS_API_KEY", A(32), A(31), [A(33)]),
    named("censys-api-secret", "CENSYS_API_SECRET", A(32), A(31), [A(33)]),
]
