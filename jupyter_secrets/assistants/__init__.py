"""Where AI assistants meet jupyter-secrets: an MCP server that lets an agent use secrets by name
without ever seeing a value."""
