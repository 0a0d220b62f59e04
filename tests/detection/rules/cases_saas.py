"""Examples for the CRM, productivity, forms, support and e-signature rules."""

from __future__ import annotations

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("saas")
H, A, L, U, B = F.hex, F.alnum, F.lower, F.upper, F.b64url


CASES = [
    tok("salesforce-access-token", "00D", f"{A(12)}!{A(50)}.{B(50)}",
        f"{A(12)}!{A(40)}", [f"00X{A(12)}!{A(100)}"]),
    tok("salesforce-refresh-token", "5Aep8", A(80), A(40), [f"5Aep9{A(80)}"]),
    named("salesforce-consumer-secret", "SALESFORCE_CONSUMER_SECRET", H(64).upper(),
          H(63).upper(), [H(64)]),
    named("hubspot-api-key-legacy", "HUBSPOT_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("pipedrive-api-token", "PIPEDRIVE_API_TOKEN", H(40), H(39), [H(41)]),
    named("freshdesk-api-key", "FRESHDESK_API_KEY", A(20), A(19), [A(21)]),
    named("freshbooks-access-token", "FRESHBOOKS_ACCESS_TOKEN", A(64), A(63), [A(65)]),
    named("intercom-access-token", "INTERCOM_ACCESS_TOKEN", f"dG9rOj{B(54)}=", f"dG9rOj{B(20)}",
          extra_positives=[(f'intercom_token = "{v}"', v) for v in [B(60)]]),
    tok("clickup-personal-token", f"pk_{F.digits(8)}_", U(32), U(31), [f"pk_{U(32)}"]),
    named("trello-api-key", "TRELLO_API_KEY", H(32), H(31), [H(33)]),
    tok("trello-token", "ATTA", H(64) + H(8).upper(), H(40), [f"ATTB{H(72)}"]),
    tok("miro-access-token", "eyJtaXJv", f"{B(20)}_{B(40)}", B(20), [f"eyJtaXJw{B(61)}"]),
    named("asana-client-secret", "ASANA_CLIENT_SECRET", L(32), L(31), [L(33)]),
    named("airtable-api-key-legacy", "AIRTABLE_API_KEY", f"key{A(14)}", f"key{A(13)}",
          [f"pat{A(14)}"]),
    tok("airtable-oauth-token", "", f"{A(17)}.v1.{B(60)}.{H(64)}", f"{A(17)}.v1.{B(60)}.{H(63)}",
        [f"{A(17)}.v2.{B(60)}.{H(64)}"]),
    named("smartsheet-access-token", "SMARTSHEET_ACCESS_TOKEN", A(37), A(25), [A(38)]),
    named("jotform-api-key", "JOTFORM_API_KEY", H(32), H(31), [H(33)]),
    named("docusign-integration-secret", "DOCUSIGN_CLIENT_SECRET", F.uuid(), F.uuid()[:-1],
          [H(32)]),
    named("dropbox-sign-api-key", "HELLOSIGN_API_KEY", H(64), H(63), [H(65)]),
    named("pandadoc-api-key", "PANDADOC_API_KEY", H(40), H(39), [H(41)]),
    named("zoom-client-secret", "ZOOM_CLIENT_SECRET", A(32), A(31), [A(33)]),
    named("box-access-token", "BOX_DEVELOPER_TOKEN", A(32), A(31), [A(33)]),
    named("lark-app-secret", "LARK_APP_SECRET", A(32), A(31), [A(33)]),
    named("zoho-oauth-token", "ZOHO_REFRESH_TOKEN", f"1000.{H(32)}.{H(32)}", f"1000.{H(32)}.{H(31)}",
          [f"1009.{H(32)}.{H(32)}"]),
    named("zoho-client-secret", "ZOHO_CLIENT_SECRET", H(42), H(41), [H(43)]),
    tok("canva-client-secret", "cnvca", B(51), B(50), [f"cnvcb{B(51)}"]),
    tok("adobe-client-secret", "p8e-", A(32), A(31), [f"p9e-{A(32)}"]),
    named("looker-client-secret", "LOOKER_CLIENT_SECRET", A(24), A(23), [A(25)]),
    named("tableau-personal-access-token", "TABLEAU_PAT_SECRET", f"{F.b64(22)}==:{A(32)}",
          f"{F.b64(22)}==:{A(31)}", [f"{F.b64(22)}==.{A(32)}"]),
    tok("readme-api-key", "rdme_", L(70), L(69), [f"rdme_{L(71)}"]),
    named("linear-client-secret", "LINEAR_CLIENT_SECRET", H(32), H(31), [H(33)]),
    named("squarespace-api-key", "SQUARESPACE_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("webflow-api-token", "WEBFLOW_API_TOKEN", H(64), H(63), [H(65)]),
    named("contentful-delivery-token", "CONTENTFUL_DELIVERY_TOKEN", B(43), B(42), [B(44)]),
    named("sanity-api-token", "SANITY_API_TOKEN", f"sk{A(80)}", f"sk{A(40)}", [f"pk{A(80)}"]),
    named("coda-api-token", "CODA_API_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    tok("gitbook-api-token", "gb_api_", A(48), A(30), [f"gb_app_{A(48)}"]),
    named("harvest-access-token", "HARVEST_ACCESS_TOKEN", f"{F.digits(7)}.pt.{B(86)}",
          f"{F.digits(7)}.pt.{B(85)}", [f"{F.digits(7)}.px.{B(86)}"]),
    named("toggl-api-token", "TOGGL_API_TOKEN", H(32), H(31), [H(33)]),
    named("todoist-api-token", "TODOIST_API_TOKEN", H(40), H(39), [H(41)]),
    named("clockify-api-key", "CLOCKIFY_API_KEY", A(48), A(47), [A(49)]),
    named("shortcut-api-token", "SHORTCUT_API_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("dropbox-long-lived-token", "DROPBOX_ACCESS_TOKEN", f"{A(11)}AAAAAAAAAA{B(43)}",
          f"{A(11)}AAAAAAAAAA{B(42)}", [f"{A(11)}BBBBBBBBBB{B(43)}"]),
    named("figma-header-token", "X-Figma-Token", F.uuid()[:4] + "-" + F.uuid(), F.uuid(),
          [H(40)], template='"{}": "{}"'),
]
