"""Governance: who may read which secret, what happened to each, and how keys rotate.

Pure logic with no web framework in it: the audit trail (`audit_store`, `audit_query`,
`audit_report`), scopes (`policy`, `grants`, `globs`), environments (`environments`), kernel
tokens (`tokens`), rotation (`rotation`, `rotation_state`, `validators`) and the facade the
server and the command line share (`service`). The server adapts HTTP to it; the kernel talks
to the server through `broker_client`.
"""
