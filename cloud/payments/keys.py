"""Keys for the sandbox, the demo and the tests: fresh RSA-2048 pairs and random symmetric keys, and a
matching pair of (merchant credentials, sandbox config) that point the adapters at a sandbox URL.

Nothing here is for production: a real merchant's keys come from the channels' merchant platforms.
"""

from __future__ import annotations

import secrets
import string

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from cloud.payments.credentials import (
    AlipayCredentials,
    GenericCredentials,
    MerchantChannels,
    WeChatV2Credentials,
)
from cloud.payments.sandbox.app import ALIPAY_GATEWAY_PATH, GENERIC_PATH, WECHAT_PATH
from cloud.payments.sandbox.config import SandboxConfig

_ALPHABET = string.ascii_letters + string.digits


def random_key(length: int = 32) -> str:
    """A WeChat-style API key or terminal key: letters and digits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def rsa_pem_pair(bits: int = 2048) -> tuple[str, str]:
    """(private key PKCS#8 PEM, public key SubjectPublicKeyInfo PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode("ascii"), public.decode("ascii")


def make_sandbox_pair(
    base_url: str, *, wechat_sign_type: str = "MD5"
) -> tuple[MerchantChannels, SandboxConfig]:
    """Credentials for one demo merchant and the sandbox that knows them; base_url like http://127.0.0.1:8701."""
    base = base_url.rstrip("/")
    wechat_key = random_key()
    app_private, app_public = rsa_pem_pair()
    platform_private, platform_public = rsa_pem_pair()
    terminals = {
        channel: (f"SANDBOX-{channel.upper()}-0001", random_key())
        for channel in ("unionpay", "bestpay", "ecny")
    }
    generic = {
        channel: GenericCredentials(base_url=base + GENERIC_PATH, terminal_sn=sn, terminal_key=SecretStr(key))
        for channel, (sn, key) in terminals.items()
    }
    channels = MerchantChannels(
        wechat=WeChatV2Credentials.model_validate(
            {
                "base_url": base + WECHAT_PATH,
                "appid": "wxsandbox0000001",
                "mch_id": "1900000109",
                "api_key": wechat_key,
                "sign_type": wechat_sign_type,
            }
        ),
        alipay=AlipayCredentials(
            gateway_url=base + ALIPAY_GATEWAY_PATH,
            app_id="2021000000000001",
            app_private_key_pem=SecretStr(app_private),
            alipay_public_key_pem=platform_public,
        ),
        unionpay=generic["unionpay"],
        bestpay=generic["bestpay"],
        ecny=generic["ecny"],
    )
    config = SandboxConfig(
        wechat_appid="wxsandbox0000001",
        wechat_mch_id="1900000109",
        wechat_api_key=SecretStr(wechat_key),
        alipay_app_id="2021000000000001",
        alipay_app_public_key_pem=app_public,
        alipay_platform_private_key_pem=SecretStr(platform_private),
        generic_terminals={sn: SecretStr(key) for sn, key in terminals.values()},
    )
    return channels, config
