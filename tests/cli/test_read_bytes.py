"""Reading a file to scan: its whole content in as few reads as may be, and plain errors."""
import os
from pathlib import Path

import pytest

from jupyter_secrets.cli.files import FileAccessError, read_bytes


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 1 << 20, (1 << 20) + 7])
def test_a_file_is_read_whole(tmp_path, size):
    path = tmp_path / "f.bin"
    data = os.urandom(size)
    path.write_bytes(data)
    assert read_bytes(str(path)) == data


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_file_longer_than_its_stated_size_is_read_to_its_end():
    # /proc files say they hold 0 bytes and hold more
    assert os.stat("/proc/self/status").st_size == 0
    assert read_bytes("/proc/self/status") == Path("/proc/self/status").read_bytes()


def test_what_is_not_a_regular_file_is_an_error(tmp_path):
    with pytest.raises(FileAccessError, match="^is a directory$"):
        read_bytes(str(tmp_path))
    with pytest.raises(FileAccessError, match="^cannot read: no such file or directory$"):
        read_bytes(str(tmp_path / "missing"))
    if os.path.exists("/dev/null"):
        with pytest.raises(FileAccessError, match="^not a regular file$"):
            read_bytes("/dev/null")
