"""A throwaway gnome-keyring daemon on its own D-Bus session bus, for tests.

It lives in a temporary directory of its own (HOME, XDG dirs, bus socket), is unlocked with a
throwaway password, and only the processes started here are stopped at the end.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import closing
from typing import Dict, List

PASSWORD = "jupyter-secrets-test-keyring"
START_TIMEOUT = 10.0
#: A session bus that starts no service on demand. With the standard session configuration, a
#: client that asks for the Secret Service before our daemon has taken its name has the bus
#: start a second daemon of its own, which takes the name with a locked keyring (and outlives
#: the test, its parent gone).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class KeyringDaemonError(RuntimeError):
    """The daemon could not be started; the message says what is missing."""


class KeyringDaemon:
    """Start with `start()`, use `env` for the processes (or os.environ) that need it, `stop()`."""

    def __init__(self, base_dir: str):
        self.base_dir = base_dir
        self.env: Dict[str, str] = {}
        self._procs: List[subprocess.Popen] = []

    def start(self) -> "KeyringDaemon":
        for tool in ("dbus-daemon", "gnome-keyring-daemon"):
            if shutil.which(tool) is None:
                raise KeyringDaemonError(f"{tool} is not installed (apt-get install dbus gnome-keyring)")
        dirs = {key: os.path.join(self.base_dir, sub) for key, sub in (
            ("HOME", "home"), ("XDG_RUNTIME_DIR", "run"), ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"))}
        for path in dirs.values():
            os.makedirs(path, mode=0o700, exist_ok=True)
        inherited = ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
        env = {k: v for k, v in os.environ.items() if k not in inherited}
        env.update(dirs)
        socket = os.path.join(dirs["XDG_RUNTIME_DIR"], "bus")
        config = os.path.join(self.base_dir, "bus.conf")
        with open(config, "w") as file:
            file.write(BUS_CONFIG)
        try:
            bus = self._spawn(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
                               f"--address=unix:path={socket}", "--print-address=1"], env)
            address = bus.stdout.readline().decode().strip() if bus.stdout else ""
            if not address:
                raise KeyringDaemonError("dbus-daemon printed no bus address")
            env["DBUS_SESSION_BUS_ADDRESS"] = address
            keyring = self._spawn(["gnome-keyring-daemon", "--foreground", "--unlock",
                                   "--components=secrets"], env, stdin=True)
            keyring.stdin.write(PASSWORD.encode())  # type: ignore[union-attr]
            keyring.stdin.close()  # type: ignore[union-attr]
            self._wait_for_secret_service(address, keyring)
        except BaseException:
            self.stop()
            raise
        self.env = {**dirs, "DBUS_SESSION_BUS_ADDRESS": address}
        return self

    def stop(self) -> None:
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            for stream in (proc.stdout, proc.stdin):
                if stream is not None and not stream.closed:
                    stream.close()
        self._procs.clear()

    def _spawn(self, argv: List[str], env: Dict[str, str], stdin: bool = False) -> subprocess.Popen:
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._procs.append(proc)
        return proc

    @staticmethod
    def _wait_for_secret_service(address: str, daemon: subprocess.Popen) -> None:
        """Until our daemon owns the Secret Service's name and its default collection (the
        login keyring the password unlocks) exists unlocked."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from secretstorage.collection import Collection
        from secretstorage.exceptions import SecretStorageException
        from secretstorage.util import BUS_NAME

        bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                          interface="org.freedesktop.DBus")

        def check_service_availability(connection) -> bool:
            reply = connection.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (BUS_NAME,)))
            return reply.body[0]

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if daemon.poll() is not None:
                raise KeyringDaemonError(f"gnome-keyring-daemon exited with status {daemon.returncode}")
            with closing(open_dbus_connection(address)) as connection:
                if check_service_availability(connection):
                    try:
                        if not Collection(connection).is_locked():
                            return
                    except SecretStorageException:
                        pass  # no default collection yet
            time.sleep(0.02)
        raise KeyringDaemonError(f"the Secret Service with an unlocked default collection did not "
                                 f"appear within {START_TIMEOUT:g} s")

    def __enter__(self) -> "KeyringDaemon":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_keyring_daemon(base_dir: str) -> KeyringDaemon:
    return KeyringDaemon(base_dir).start()


__all__ = ["KeyringDaemon", "KeyringDaemonError", "start_keyring_daemon", "PASSWORD"]
