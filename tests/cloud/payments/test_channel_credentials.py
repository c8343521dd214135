"""A merchant's channel credentials: encrypted at rest, set and shown by the admin CLI without a secret in
sight, a malformed file changing nothing, and no way to store them without a key."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select

from cloud.channel_cipher import KEY_FILE, ChannelCipher, ChannelKeyMissing, key_file_for
from cloud.cli import main
from cloud.config import Settings
from cloud.payment_models import MerchantChannelsRow
from cloud.payments.credentials import MerchantChannels, revealed
from tests.cloud.conftest import LiveCloud, Shop, make_store

from .conftest import LiveSandbox


def secrets_of(channels: MerchantChannels) -> list[str]:
    assert channels.wechat and channels.alipay and channels.unionpay
    private = channels.alipay.app_private_key_pem.get_secret_value()
    return [
        channels.wechat.api_key.get_secret_value(),
        private.splitlines()[1],  # a line of the PEM's base64
        channels.unionpay.terminal_key.get_secret_value(),
    ]


def ciphertext(cloud: LiveCloud, shop: Shop) -> str | None:
    with cloud.db.read() as conn:
        where = MerchantChannelsRow.merchant_id == shop.merchant_id
        return conn.execute(select(MerchantChannelsRow.ciphertext).where(where)).scalar()


def channel_key(cloud: LiveCloud) -> bytes:
    given = cloud.context.settings.channel_key
    if given is not None:
        return given.get_secret_value().encode()
    found = key_file_for(cloud.db_url)
    assert found is not None
    return found.read_bytes().strip()


@pytest.fixture
def cli_env(cloud: LiveCloud, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The admin CLI on the service's database, with its channel key: `main([*cli_env, ...])`."""
    given = cloud.context.settings.channel_key
    if given is not None:
        monkeypatch.setenv("POS_CLOUD_CHANNEL_KEY", given.get_secret_value())
    return ["--db", cloud.db_url]


def test_the_stored_credentials_hold_no_key_in_the_clear(cloud: LiveCloud, live: LiveSandbox) -> None:
    shop = make_store(cloud)
    cloud.context.channels.set(shop.merchant_id, live.channels)

    stored = ciphertext(cloud, shop)

    assert stored is not None
    for secret in secrets_of(live.channels):
        assert secret not in stored
    assert "api_key" not in stored and "BEGIN" not in stored
    opened = json.loads(Fernet(channel_key(cloud)).decrypt(stored.encode()))
    assert opened == revealed(live.channels)
    key_file = key_file_for(cloud.db_url)
    if key_file is not None:  # SQLite: made beside the database, readable by its owner only
        assert key_file.name == KEY_FILE and stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_without_a_key_a_postgresql_service_refuses_to_store_credentials() -> None:
    cipher = ChannelCipher(Settings(db_url="postgresql+psycopg://cloud@127.0.0.1:1/cloud"))

    with pytest.raises(ChannelKeyMissing) as refused:
        cipher.encrypt(b"{}")

    assert "POS_CLOUD_CHANNEL_KEY" in refused.value.message


def test_a_wrong_key_is_said_plainly(tmp_path: Path) -> None:
    sealed = ChannelCipher(Settings(db_url=f"sqlite:///{tmp_path / 'a.db'}")).encrypt(b"{}")
    other = ChannelCipher(Settings(db_url="sqlite://", channel_key=SecretStr(Fernet.generate_key().decode())))

    with pytest.raises(ChannelKeyMissing, match="do not open"):
        other.decrypt(sealed)


def test_the_cli_sets_and_shows_channels_without_showing_a_secret(
    cloud: LiveCloud,
    live: LiveSandbox,
    cli_env: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shop = make_store(cloud)
    good = tmp_path / "channels.json"
    good.write_text(json.dumps(revealed(live.channels)), encoding="utf-8")

    assert main([*cli_env, "channels", "set", shop.merchant_name, "--file", str(good)]) == 0
    assert main([*cli_env, "channels", "show", str(shop.merchant_id)]) == 0

    printed = capsys.readouterr().out
    assert "version 1" in printed and "wechat: base_url=" in printed and "mch_id=1900000109" in printed
    assert "api_key=(secret)" in printed
    for secret in secrets_of(live.channels):
        assert secret not in printed
    assert cloud.context.channels.open_channels(shop.merchant_id) == list(revealed(live.channels))


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("{not json", "(the file)"),
        ('{"wechat": {"appid": "wx1", "mch_id": "1"}}', "wechat.api_key"),
        (
            '{"wechat": {"appid": "wx1", "mch_id": "1", "api_key": "k", "apikey": "TOPSECRET99"}}',
            "wechat.apikey",
        ),
        (
            '{"unionpay": {"base_url": "ftp://x/", "terminal_sn": "t", "terminal_key": "TOPSECRET99"}}',
            "unionpay.base_url",
        ),
    ],
    ids=["not-json", "missing-key", "unknown-field", "bad-url"],
)
def test_a_malformed_channels_file_changes_nothing_and_says_what_is_wrong(
    cloud: LiveCloud,
    live: LiveSandbox,
    cli_env: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    named: str,
) -> None:
    shop = make_store(cloud)
    cloud.context.channels.set(shop.merchant_id, live.channels)
    before = ciphertext(cloud, shop)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")

    assert main([*cli_env, "channels", "set", str(shop.merchant_id), "--file", str(bad)]) == 1

    said = capsys.readouterr().err
    assert named in said and "nothing was changed" in said
    assert "TOPSECRET99" not in said and said.count("\n") == 1
    assert ciphertext(cloud, shop) == before


def test_the_cli_gives_a_merchant_sandbox_credentials(
    cloud: LiveCloud, cli_env: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    shop = make_store(cloud)

    assert (
        main([*cli_env, "channels", "sandbox", shop.merchant_name, "--base-url", "http://127.0.0.1:8123/"])
        == 0
    )

    assert capsys.readouterr().out.strip().splitlines()[-1] == str(shop.merchant_id)
    channels = cloud.context.channels.channels(shop.merchant_id)
    assert channels.wechat and channels.wechat.base_url == "http://127.0.0.1:8123/sandbox/wechat"
    assert (
        channels.alipay and channels.alipay.gateway_url == "http://127.0.0.1:8123/sandbox/alipay/gateway.do"
    )
    assert main([*cli_env, "channels", "sandbox", shop.merchant_name, "--base-url", "nonsense"]) == 1
    assert "not a base URL" in capsys.readouterr().err
