"""Real services for tests: a gnome-keyring daemon, a Vault dev server, moto's AWS endpoint."""
