"""Every family's examples in one list."""

from . import (
    cases_ai,
    cases_chat,
    cases_chat_apps,
    cases_cloud,
    cases_code_devops,
    cases_code_registries,
    cases_data,
    cases_email_sms,
    cases_finance,
    cases_generic,
    cases_identity,
    cases_infrastructure,
    cases_keys_urls,
    cases_observability,
    cases_saas,
    cases_social,
)

ALL_CASES = [
    *cases_ai.CASES,
    *cases_cloud.CASES,
    *cases_code_devops.CASES,
    *cases_chat_apps.CASES,
    *cases_data.CASES,
    *cases_infrastructure.CASES,
    *cases_identity.CASES,
    *cases_code_registries.CASES,
    *cases_email_sms.CASES,
    *cases_observability.CASES,
    *cases_social.CASES,
    *cases_chat.CASES,
    *cases_saas.CASES,
    *cases_finance.CASES,
    *cases_keys_urls.CASES,
    *cases_generic.CASES,
]
