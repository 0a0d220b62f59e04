"""Shipping, e-commerce platforms, billing and marketplaces: EasyPost, Lob, Shippo,
WooCommerce, BigCommerce, eBay and others."""
from __future__ import annotations

from functools import partial

from .patterns import context, hex_chars, token
from .validators import PROVIDER_CHECKS

FAMILY = "commerce"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)
#: "lob" alone sits in every "global" and "blob"; Lob's names continue it.
_LOB = ("lob_", "lob-", "lob.", "lobapi", "lobkey", "lobtoken", "lobsecret", "lobpub", "loblive",
        "lobtest")

RULES = (
    _prefixed("easypost-api-key", "EasyPost production API key", "EZAK", "[A-Za-z0-9]{54}",
              extra="", min_entropy=4.2),
    _prefixed("easypost-test-api-key", "EasyPost test API key", "EZTK", "[A-Za-z0-9]{54}",
              extra="", min_entropy=4.2),
    _named("lob-api-key", "Lob API key", _LOB, "(?:live|test)_" + hex_chars("35")),
    _named("lob-publishable-key", "Lob publishable key", _LOB,
           "(?:live|test)_pub_" + hex_chars("31")),
    _prefixed("shippo-api-token", "Shippo API token", "shippo_", hex_chars("40"),
              head="shippo_(?:live|test)_", keywords=("shippo_live_", "shippo_test_")),
    _named("shipengine-api-key", "ShipEngine API key", ("shipengine",),
           "(?:TEST_)?[A-Za-z0-9+/]{43}", extra="+/", min_entropy=4.2),
    _named("shipstation-api-secret", "ShipStation API key or secret", ("shipstation",),
           hex_chars("32")),
    _named("aftership-api-key", "AfterShip API key", ("aftership",),
           "(?:asat_" + hex_chars("32") + "|[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}"
           "-[a-f0-9]{12})"),
    _prefixed("woocommerce-consumer-secret", "WooCommerce REST API consumer secret", "cs_",
              hex_chars("40"), min_entropy=3.4),
    _prefixed("woocommerce-consumer-key", "WooCommerce REST API consumer key", "ck_",
              hex_chars("40"), min_entropy=3.4),
    _named("bigcommerce-access-token", "BigCommerce API access token", ("bigcommerce",),
           "[a-z0-9]{31}", min_entropy=3.5),
    _named("ebay-client-secret", "eBay application client secret (cert id)", ("ebay",),
           "(?:PRD|SBX)-[a-f0-9]{8,12}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4,12}",
           min_entropy=3.5),
    _named("gumroad-access-token", "Gumroad access token", ("gumroad",),
           "(?:[a-f0-9]{64}|[A-Za-z0-9_-]{43})", min_entropy=3.3),
    _named("printful-api-token", "Printful API token", ("printful",), "[A-Za-z0-9]{40}",
           min_entropy=4.0),
    _named("commercetools-client-secret", "commercetools API client secret",
           ("commercetools", "ctp_client_secret"), "[A-Za-z0-9_-]{32}", min_entropy=3.8),
    _named("klarna-api-key", "Klarna API key", ("klarna",),
           "klarna_(?:live|test)_(?:api|client)_[A-Za-z0-9_-]{40,100}", prefix="klarna_",
           min_entropy=4.0),
    _prefixed("shopify-partner-token", "Shopify Partner API token", "prtapi_", hex_chars("32"),
              extra=""),
    _named("mercadopago-access-token", "Mercado Pago access token",
           ("mercadopago", "mercado_pago", "mercado-pago"),
           "(?:APP_USR|TEST)-[0-9]{16}-[0-9]{6}-" + hex_chars("32") + "-[0-9]{6,12}",
           min_entropy=3.5),
    _named("recurly-api-key", "Recurly private API key", ("recurly",), hex_chars("32")),
    _named("chargebee-api-key", "Chargebee API key", ("chargebee",),
           "(?:live|test)_[A-Za-z0-9]{30,40}", min_entropy=4.0),
    _named("amadeus-api-secret", "Amadeus for Developers API secret", ("amadeus",),
           "[A-Za-z0-9]{16}", min_entropy=3.0),
    _named("ups-client-secret", "UPS API client secret", ("ups_client_secret", "ups_secret"),
           "[A-Za-z0-9]{64}", min_entropy=4.2),
)
