"""The device credentials file: private (0600), replaced atomically, the secret kept out of reprs."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from pos_app.sync_errors import CloudProtocolError, CredentialsMissing, NotPaired
from sync.credentials import CREDENTIALS_FILE, Credentials, load, merchant_pepper_bytes, save

PEPPER = base64.urlsafe_b64encode(bytes(range(32))).decode()
SECRET = "k" * 43


def test_credentials_are_written_0600_even_over_a_world_readable_file_and_read_back(tmp_path: Path) -> None:
    (tmp_path / CREDENTIALS_FILE).write_text("{}")
    os.chmod(tmp_path / CREDENTIALS_FILE, 0o644)
    old = os.umask(0)  # a careless umask does not open the file up
    try:
        save(tmp_path, Credentials("https://cloud.example", "dev-1", SECRET), PEPPER)
    finally:
        os.umask(old)
    for name in (CREDENTIALS_FILE, "merchant-pepper.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert (tmp_path / "merchant-pepper.key").read_bytes() == bytes(range(32))
    assert load(tmp_path, paired=True) == Credentials("https://cloud.example", "dev-1", SECRET)
    assert sorted(p.name for p in tmp_path.iterdir()) == [CREDENTIALS_FILE, "merchant-pepper.key"]


def test_the_secret_is_not_in_the_repr() -> None:
    creds = Credentials("https://cloud.example", "dev-1", SECRET)
    assert SECRET not in repr(creds) and SECRET not in str(creds) and "dev-1" in repr(creds)


def test_a_missing_or_damaged_file_says_whether_to_pair_or_to_pair_again(tmp_path: Path) -> None:
    with pytest.raises(NotPaired):
        load(tmp_path, paired=False)
    with pytest.raises(CredentialsMissing):
        load(tmp_path, paired=True)
    (tmp_path / CREDENTIALS_FILE).write_text('{"cloud_url": "x"')
    with pytest.raises(CredentialsMissing) as err:
        load(tmp_path, paired=False)
    assert "重新绑定" in err.value.zh


def test_the_merchant_pepper_is_the_32_bytes_its_base64_stands_for() -> None:
    assert merchant_pepper_bytes(PEPPER) == bytes(range(32))
    assert merchant_pepper_bytes(PEPPER.rstrip("=")) == bytes(range(32))
    with pytest.raises(CloudProtocolError):
        merchant_pepper_bytes("too short")
