"""Fake credentials in the documented formats of real providers.

They are assembled from pieces so that this file itself holds no scannable token.
"""
from tests.token_formats import github_token

GITHUB_PAT = github_token(body="R7xKq2Lm9Tz4Vw8Nb3Hc6Jd1Fs5Gy0")
AWS_ACCESS_KEY_ID = "AK" + "IA" + "Z7QK2LM9TW4VX8NB"
STRIPE_LIVE_KEY = "sk" + "_live_" + "4eC39HqLyjWDarjtT7zdp7dc9Xq"
SLACK_BOT_TOKEN = "xo" + "xb-" + "2894716305-4829104736251-Zk3Bn6Hc1Qp2Lm9Rt4Vw8Xy7"

#: Tokens of several rules that the property tests embed in arbitrary text.
KNOWN_TOKENS = (GITHUB_PAT, AWS_ACCESS_KEY_ID, STRIPE_LIVE_KEY, SLACK_BOT_TOKEN)
