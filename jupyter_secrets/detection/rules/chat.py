"""Chat platforms: Slack, Discord, Telegram, Microsoft Teams."""
from __future__ import annotations

import base64
import binascii
from functools import partial

from ..rule import Rule
from .patterns import context, hex_chars, same_line, token, uuid
from .validators import PROVIDER_CHECKS

FAMILY = "chat"
_SLACK_LONG = "(?:[0-9]-)?[A-Za-z0-9-]{10,200}"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)


def _no_masked_run(secret: str) -> bool:
    """Documentation masks webhook secrets with runs (``XXXXXXXX``, ``00000000``)."""
    return not any(c * 6 in secret for c in set(secret))


def _discord_user_id(secret: str) -> bool:
    """A Discord bot token starts with its bot's user id (a snowflake), base64 encoded."""
    head = secret.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), altchars=b"-_")
    except (binascii.Error, ValueError):
        return False
    return decoded.isdigit() and 15 <= len(decoded) <= 21

RULES = (
    token("slack-bot-token", "Slack bot token", "xoxb-",
          "[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,40}", family=FAMILY, min_entropy=3.5,
          validators=PROVIDER_CHECKS),
    token("slack-legacy-bot-token", "Slack bot token (legacy, one id)", "xoxb-",
          "[0-9]{8,14}-[A-Za-z0-9]{18,26}", family=FAMILY, min_entropy=3.5,
          validators=PROVIDER_CHECKS),
    token("slack-user-token", "Slack user token", "xox",
          "(?:[0-9]{8,14}-){3}[A-Za-z0-9]{28,34}", head="xox[pe]-", keywords=("xoxp-", "xoxe-"),
          family=FAMILY, min_entropy=3.0, validators=PROVIDER_CHECKS),
    token("slack-session-token", "Slack client session token (xoxc)", "xoxc-",
          "(?:[0-9]{8,15}-){3}" + hex_chars("64"), family=FAMILY, min_entropy=3.0),
    token("slack-session-cookie", "Slack session cookie (the d cookie, xoxd)", "xoxd-",
          "[A-Za-z0-9%/+_-]{100,400}={0,2}", extra="%/+=", family=FAMILY, min_entropy=4.0,
          validators=PROVIDER_CHECKS),
    token("slack-workspace-token", "Slack workspace access token", "xoxa-", _SLACK_LONG,
          family=FAMILY, min_entropy=3.2, validators=PROVIDER_CHECKS),
    token("slack-refresh-token", "Slack refresh token", "xoxr-", _SLACK_LONG, family=FAMILY,
          min_entropy=3.2, validators=PROVIDER_CHECKS),
    token("slack-app-token", "Slack app-level token", "xapp-",
          "[0-9]-[A-Z0-9]{8,14}-[0-9]{8,16}-[A-Za-z0-9]{32,80}", family=FAMILY,
          min_entropy=3.0, validators=PROVIDER_CHECKS),
    token("slack-config-token", "Slack app configuration access token", "xoxe.xox",
          "[bp]-[0-9]-[A-Za-z0-9]{150,180}", family=FAMILY, min_entropy=4.0,
          validators=PROVIDER_CHECKS),
    token("slack-config-refresh-token", "Slack app configuration refresh token", "xoxe-",
          "[0-9]-[A-Za-z0-9]{140,160}", family=FAMILY, min_entropy=4.0,
          validators=PROVIDER_CHECKS),
    token("slack-legacy-token", "Slack legacy workspace or user token", "xox",
          "[0-9]{1,13}-[0-9]{1,13}-[0-9]{1,13}-[a-fA-F0-9]{20,64}", head="xox[os]-",
          keywords=("xoxo-", "xoxs-"), family=FAMILY, min_entropy=3.0),
    Rule(id="slack-webhook-url", family=FAMILY,
         description="Slack incoming webhook, workflow or trigger URL",
         pattern=(r"(?:^|[^A-Za-z0-9_.-])(?P<secret>(?:https?://)?hooks\.slack\.com/"
                  r"(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,90})(?:[^A-Za-z0-9+/_-]|$)"),
         keywords=("hooks.slack.com",), min_entropy=4.0,
         validators=PROVIDER_CHECKS + (_no_masked_run,)),
    same_line("discord-bot-token", "Discord bot token",
              ("discord", "bot.run(", "client.run("),
              r"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}",
              extra="-.", family=FAMILY, min_entropy=4.0,
              validators=PROVIDER_CHECKS + (_discord_user_id,)),
    _named("discord-client-secret", "Discord OAuth client secret",
           ("discord_client_secret", "discord-client-secret", "discord_secret",
            "discord_oauth_secret"), "[A-Za-z0-9_-]{32}", min_entropy=3.8),
    _named("discord-api-key", "Discord application key (64 hex)", ("discord",), hex_chars("64")),
    token("discord-webhook-url", "Discord webhook URL", "https://",
          "[0-9]{17,20}/[A-Za-z0-9_-]{60,68}",
          head=r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/",
          keywords=("/api/webhooks/",), family=FAMILY, min_entropy=4.0),
    Rule(id="telegram-bot-token", family=FAMILY, description="Telegram bot token",
         pattern=r"\b(?P<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
         keywords=(":aa",), min_entropy=4.0, validators=PROVIDER_CHECKS),
    _named("telegram-bot-token-named", "Telegram bot token under a Telegram name",
           ("telegram", "telegr", "tg_bot_token", "tg_token"), "[0-9]{5,16}:A[A-Za-z0-9_-]{34}",
           extra="-:", min_entropy=4.0),
    Rule(id="microsoft-teams-webhook", family=FAMILY,
         description="Microsoft Teams incoming webhook URL",
         pattern=(r"\b(?P<secret>https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/"
                  r"[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[a-f0-9]{32}/[0-9a-f-]{36}"
                  r"(?:/[A-Za-z0-9_-]{20,60})?)"),
         keywords=("webhook.office.com",), min_entropy=3.0, validators=PROVIDER_CHECKS),
    Rule(id="microsoft-teams-webhook-legacy", family=FAMILY,
         description="Microsoft Teams / Office 365 connector webhook URL (outlook.office.com)",
         pattern=(r"\b(?P<secret>https://outlook\.office(?:365)?\.com/webhook/"
                  r"[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[a-f0-9]{32}/[0-9a-f-]{36})"),
         keywords=("outlook.office.com/webhook/", "outlook.office365.com/webhook/"),
         min_entropy=3.0, validators=PROVIDER_CHECKS),
    Rule(id="microsoft-teams-workflow-webhook", family=FAMILY,
         description="Teams workflow (Power Automate) webhook URL with its signature",
         pattern=(r"\b(?P<secret>https://[a-z0-9.-]{1,63}\.logic\.azure\.com(?::443)?/workflows/"
                  r"[a-f0-9]{32}/triggers/[A-Za-z0-9_.-]+/paths/invoke\?[^\s\"'<>]{0,200}?"
                  r"sig=[A-Za-z0-9_%-]{40,80})"),
         keywords=("logic.azure.com",), min_entropy=4.0,
         validators=PROVIDER_CHECKS + (_no_masked_run,)),
    Rule(id="google-chat-webhook-url", family=FAMILY,
         description="Google Chat incoming webhook URL (key and token)",
         pattern=(r"\b(?P<secret>https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_-]{8,20}"
                  r"/messages\?key=[A-Za-z0-9_-]{39}&(?:amp;)?token=[A-Za-z0-9_%=-]{40,60})"),
         keywords=("chat.googleapis.com/v1/spaces/",), min_entropy=4.0,
         validators=PROVIDER_CHECKS),
    token("dingtalk-webhook-url", "DingTalk robot webhook URL", "https://oapi.dingtalk.com/",
          hex_chars("64"), head=r"https://oapi\.dingtalk\.com/robot/send\?access_token=",
          keywords=("oapi.dingtalk.com/robot/send",), family=FAMILY, min_entropy=3.5),
    token("feishu-webhook-url", "Feishu / Lark bot webhook URL", "https://", uuid(),
          head=r"https://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/",
          keywords=("/open-apis/bot/v2/hook/",), family=FAMILY, min_entropy=3.0),
    token("wecom-webhook-url", "WeCom (WeChat Work) group robot webhook URL", "https://",
          uuid(), head=r"https://qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=",
          keywords=("qyapi.weixin.qq.com/cgi-bin/webhook",), family=FAMILY, min_entropy=3.0),
    _named("mattermost-access-token", "Mattermost personal access or bot token",
           ("mattermost",), "[a-z0-9]{26}", min_entropy=3.5),
    _named("gitter-access-token", "Gitter access token", ("gitter",), "[A-Za-z0-9_-]{40}",
           min_entropy=3.8),
    _named("webex-bot-token", "Webex bot or personal access token", ("webex", "ciscospark"),
           "[A-Za-z0-9]{64}_[A-Za-z0-9]{4}_" + uuid(), min_entropy=4.0),
    _named("zulip-api-key", "Zulip API key", ("zulip",), "[A-Za-z0-9]{32}", min_entropy=3.8),
    _named("pusher-app-secret", "Pusher Channels app secret",
           ("pusher_secret", "pusher_app_secret", "pusher-secret", "pusher_app_key_secret"),
           hex_chars("20"), min_entropy=2.8),
    _named("line-channel-secret", "LINE Messaging API channel secret",
           ("line_channel_secret", "line-channel-secret", "channel_secret"), hex_chars("32")),
    _named("line-channel-access-token", "LINE Messaging API channel access token",
           ("line_channel_access_token", "line-channel-access-token", "line_access_token",
            "channel_access_token"), "[A-Za-z0-9+/]{150,180}={0,2}", extra="+/=",
           min_entropy=4.5),
)
