"""Examples for the chat rules beyond the first Slack, Discord, Telegram and Teams formats:
Slack token variants, Discord's id-bearing bot token, chat webhooks of other platforms."""

from __future__ import annotations

import base64

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("chat-more")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


def _discord_token(first: str) -> str:
    return f"{first}.{B(6)}.{B(38)}"


def _discord_bot() -> Case:
    user_id = base64.b64encode(("1" + D(18)).encode()).decode().rstrip("=")
    token = _discord_token(user_id)
    not_an_id = _discord_token("M" + B(25))  # right shape, but no snowflake inside
    return Case(
        "discord-bot-token",
        [(f'client.run("{token}")', token), (f"DISCORD_BOT_TOKEN={token}\n", token)],
        [f'DISCORD_BOT_TOKEN="{not_an_id}"', f'discord_token = "{token[:-20]}"',
         f'x = "{token}"'],
    )


def _teams_workflow() -> Case:
    url = (f"https://prod-{D(2)}.westeurope.logic.azure.com:443/workflows/{H(32)}/triggers/manual/"
           f"paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={B(43)}")
    return Case(
        "microsoft-teams-workflow-webhook",
        [(f'TEAMS_URL = "{url}"', url)],
        [url.split("&sig=")[0], url.replace("logic.azure.com", "logic.example.org"),
         url[:-43] + "x" * 43],
    )


def _google_chat() -> Case:
    url = (f"https://chat.googleapis.com/v1/spaces/{B(11)}/messages?key=AIza{B(35)}"
           f"&token={B(43)}%3D")
    return Case(
        "google-chat-webhook-url",
        [(f'webhook = "{url}"', url)],
        [url.split("&token=")[0], url.replace("chat.googleapis.com", "chat.example.com")],
    )


def _slack_webhook_forms() -> Case:
    workflow = f"https://hooks.slack.com/workflows/T{U(10)}/A{U(10)}/{D(18)}/{A(24)}"
    bare = f"hooks.slack.com/services/T{U(10)}/B{U(10)}/{A(24)}"
    return Case(
        "slack-webhook-url",
        [(f'url = "{workflow}"', workflow), (f"curl -X POST {bare}\n", bare)],
        [f"https://hooks.slack.com/services/T{U(10)}/B{U(10)}/XXXXXXXXXXXXXXXXXXXXXXXX",
         f"https://hooks.slack.com/services/{U(10)}"],
    )


CASES = [
    tok("slack-legacy-bot-token", "xoxb-", f"{D(12)}-{A(24)}", f"{D(12)}-{A(12)}",
        [f"xoxq-{D(12)}-{A(24)}"]),
    tok("slack-user-token", "xoxe-", f"{D(12)}-{D(12)}-{D(13)}-{A(32)}", f"{D(12)}-{D(12)}-{A(32)}"),
    tok("slack-session-token", "xoxc-", f"{D(12)}-{D(12)}-{D(13)}-{H(64)}",
        f"{D(12)}-{D(12)}-{D(13)}-{H(63)}", [f"xoxz-{D(12)}-{D(12)}-{D(13)}-{H(64)}"]),
    tok("slack-session-cookie", "xoxd-", B(60) + "%2F" + B(80) + "%3D", B(40)),
    tok("slack-config-token", "xoxe.xoxb-", f"1-{A(165)}", f"1-{A(60)}"),
    tok("slack-app-token", "xapp-", f"1-{U(11)}-{D(13)}-{A(50)}", f"1-{U(11)}-{D(13)}-{A(20)}"),
    _slack_webhook_forms(),
    _discord_bot(),
    named("discord-client-secret", "DISCORD_CLIENT_SECRET", B(32), B(31), [B(33)]),
    named("discord-api-key", "DISCORD_PUBLIC_KEY", H(64), H(63), [H(65)]),
    named("telegram-bot-token-named", "TELEGRAM_BOT_TOKEN", f"{D(9)}:A{B(34)}",
          f"{D(9)}:A{B(33)}", [f"{D(9)}:B{B(34)}"]),
    tok("microsoft-teams-webhook-legacy", "https://outlook.office.com/webhook/",
        f"{F.uuid()}@{F.uuid()}/IncomingWebhook/{H(32)}/{F.uuid()}",
        f"{F.uuid()}@{F.uuid()}/IncomingWebhook/{H(31)}/{F.uuid()}"),
    _teams_workflow(),
    _google_chat(),
    tok("dingtalk-webhook-url", "https://oapi.dingtalk.com/robot/send?access_token=", H(64), H(63),
        [f"https://oapi.dingtalk.com/robot/get?access_token={H(64)}"]),
    tok("feishu-webhook-url", "https://open.feishu.cn/open-apis/bot/v2/hook/", F.uuid(),
        F.uuid()[:-2], [f"https://open.feishu.cn/open-apis/bot/v1/hook/{F.uuid()}"]),
    tok("wecom-webhook-url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", F.uuid(),
        F.uuid()[:-2], [f"https://qyapi.weixin.qq.com/cgi-bin/webhook/get?key={F.uuid()}"]),
    named("mattermost-access-token", "MATTERMOST_TOKEN", L(26), L(25), [L(27)]),
    named("gitter-access-token", "GITTER_TOKEN", B(40), B(39), [B(41)]),
    named("webex-bot-token", "WEBEX_BOT_TOKEN", f"{A(64)}_{A(4)}_{F.uuid()}",
          f"{A(64)}_{A(3)}_{F.uuid()}", [f"{A(64)}-{A(4)}-{F.uuid()}"]),
    named("zulip-api-key", "ZULIP_API_KEY", A(32), A(31), [A(33)]),
    named("pusher-app-secret", "PUSHER_APP_SECRET", H(20), H(19), [H(21)]),
    named("line-channel-secret", "LINE_CHANNEL_SECRET", H(32), H(31), [H(33)]),
    named("line-channel-access-token", "LINE_CHANNEL_ACCESS_TOKEN", F.b64(172) + "=",
          F.b64(100)),
]
