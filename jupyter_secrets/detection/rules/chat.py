"""Chat platforms: Slack, Discord, Telegram, Microsoft Teams."""
from __future__ import annotations

from ..rule import Rule
from .patterns import same_line, token

FAMILY = "chat"
_SLACK_LONG = "(?:[0-9]-)?[A-Za-z0-9-]{20,200}"

RULES = (
    token("slack-bot-token", "Slack bot token", "xoxb-",
          "[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}", family=FAMILY, min_entropy=3.5),
    token("slack-user-token", "Slack user token", "xoxp-",
          "[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}", family=FAMILY,
          min_entropy=3.0),
    token("slack-workspace-token", "Slack workspace access token", "xoxa-", _SLACK_LONG,
          family=FAMILY, min_entropy=3.5),
    token("slack-refresh-token", "Slack refresh token", "xoxr-", _SLACK_LONG, family=FAMILY,
          min_entropy=3.5),
    token("slack-app-token", "Slack app-level token", "xapp-",
          "[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}", family=FAMILY, min_entropy=3.0),
    token("slack-config-token", "Slack app configuration access token", "xoxe.xox",
          "[bp]-[0-9]-[A-Z0-9]{150,180}", family=FAMILY, min_entropy=4.0),
    token("slack-config-refresh-token", "Slack app configuration refresh token", "xoxe-",
          "[0-9]-[A-Z0-9]{140,160}", family=FAMILY, min_entropy=4.0),
    token("slack-legacy-token", "Slack legacy workspace or user token", "xox",
          "[0-9]{5,13}-[0-9]{5,13}-[0-9]{5,13}-[a-f0-9]{20,64}", head="xox[os]-",
          keywords=("xoxo-", "xoxs-"), family=FAMILY, min_entropy=3.0),
    token("slack-webhook-url", "Slack incoming webhook or workflow URL",
          "https://hooks.slack.com/", "T[A-Z0-9]{8,12}/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{20,40}",
          head=r"https://hooks\.slack\.com/(?:services|workflows|triggers)/",
          keywords=("hooks.slack.com",), extra="/-", family=FAMILY, min_entropy=4.0),
    same_line("discord-bot-token", "Discord bot token",
              ("discord", "bot.run(", "client.run("),
              r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}",
              extra="-.", family=FAMILY, min_entropy=4.0),
    token("discord-webhook-url", "Discord webhook URL", "https://",
          "[0-9]{17,20}/[A-Za-z0-9_-]{60,68}",
          head=r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/",
          keywords=("/api/webhooks/",), family=FAMILY, min_entropy=4.0),
    Rule(id="telegram-bot-token", family=FAMILY, description="Telegram bot token",
         pattern=r"\b(?P<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
         keywords=(":aa",), min_entropy=4.0),
    Rule(id="microsoft-teams-webhook", family=FAMILY,
         description="Microsoft Teams incoming webhook URL",
         pattern=(r"\b(?P<secret>https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/"
                  r"[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[a-f0-9]{32}/[0-9a-f-]{36}"
                  r"(?:/[A-Za-z0-9_-]{20,60})?)"),
         keywords=("webhook.office.com",), min_entropy=3.0),
)
