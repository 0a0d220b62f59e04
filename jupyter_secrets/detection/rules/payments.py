"""Payments and commerce: Stripe, Square, PayPal / Braintree, Shopify and others.

Test-mode keys are reported too: they still should not be committed.
"""
from __future__ import annotations

from .patterns import context, hex_chars, token

FAMILY = "payments"
_STRIPE_BODY = "[A-Za-z0-9]{24,247}"


def _stripe(rule_id: str, description: str, prefix: str):
    return token(rule_id, description, prefix, _STRIPE_BODY, extra="", family=FAMILY,
                 min_entropy=3.0)


def _shopify(rule_id: str, description: str, prefix: str):
    return token(rule_id, description, prefix, "[a-fA-F0-9]{32}", extra="", family=FAMILY,
                 min_entropy=3.0)


RULES = (
    _stripe("stripe-secret-key", "Stripe live secret key", "sk_live_"),
    _stripe("stripe-test-secret-key", "Stripe test-mode secret key", "sk_test_"),
    _stripe("stripe-restricted-key", "Stripe live restricted key", "rk_live_"),
    _stripe("stripe-test-restricted-key", "Stripe test-mode restricted key", "rk_test_"),
    token("stripe-webhook-secret", "Stripe webhook signing secret", "whsec_",
          "[A-Za-z0-9+/]{32,64}={0,2}", extra="+/=", family=FAMILY, min_entropy=4.0),
    token("square-access-token", "Square access token", "EAAA", "[A-Za-z0-9_-]{60}",
          family=FAMILY, min_entropy=4.0),
    token("square-access-token-legacy", "Square access token (legacy)", "sq0atp-",
          "[A-Za-z0-9_-]{22}", family=FAMILY, min_entropy=3.8),
    token("square-oauth-secret", "Square OAuth application secret", "sq0csp-",
          "[A-Za-z0-9_-]{43}", family=FAMILY, min_entropy=4.0),
    token("braintree-access-token", "Braintree / PayPal access token", "access_token$",
          "[a-z0-9]{16}\\$" + hex_chars("32"), head=r"access_token\$(?:production|sandbox)\$",
          keywords=("access_token$",), extra="$", family=FAMILY, min_entropy=3.0),
    context("paypal-client-secret", "PayPal REST client secret",
            ("paypal_client_secret", "paypal-client-secret", "paypal_secret"),
            "[A-Za-z0-9_-]{80}", family=FAMILY, min_entropy=4.0),
    _shopify("shopify-access-token", "Shopify Admin API access token", "shpat_"),
    _shopify("shopify-custom-app-token", "Shopify custom app access token", "shpca_"),
    _shopify("shopify-private-app-token", "Shopify private app password", "shppa_"),
    _shopify("shopify-shared-secret", "Shopify app shared secret", "shpss_"),
    context("plaid-secret", "Plaid API secret", ("plaid_secret", "plaid-secret", "plaid"),
            hex_chars("30"), family=FAMILY, min_entropy=3.0),
    token("flutterwave-secret-key", "Flutterwave secret key", "FLWSECK",
          hex_chars("32") + "-X", head="FLWSECK(?:_TEST)?-", family=FAMILY, min_entropy=3.0),
    context("razorpay-key-secret", "Razorpay key secret",
            ("razorpay_key_secret", "razorpay_secret", "razorpay-secret"), "[A-Za-z0-9]{24}",
            family=FAMILY, min_entropy=3.5),
    context("gocardless-access-token", "GoCardless access token", ("gocardless",),
            "(?:live|sandbox)_[A-Za-z0-9_=-]{40}", family=FAMILY, min_entropy=4.0),
)
