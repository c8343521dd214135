"""A merchant's channel credentials: what router.py needs to build each adapter, with each channel's base URL.

Keys are SecretStr so that neither repr() nor a log line nor a validation error ever shows them.
Production base URLs are the defaults; tests and the demo point them at the sandbox on loopback.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

_URL = r"^https?://[^\s]+[^/\s]$"  # no trailing slash: the adapters append their paths


class WeChatV2Credentials(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(default="https://api.mch.weixin.qq.com", pattern=_URL)
    appid: str = Field(min_length=1, max_length=32)
    mch_id: str = Field(min_length=1, max_length=32)
    api_key: SecretStr  # the 32-character API key (API密钥) set in the merchant platform
    sign_type: Literal["MD5", "HMAC-SHA256"] = "MD5"
    spbill_create_ip: str = "127.0.0.1"  # used when a PayRequest carries no client_ip
    # Production: /secapi/pay/reverse and /secapi/pay/refund need the merchant's API client certificate
    # (apiclient_cert.pem + apiclient_key.pem, WeChat Pay v2 docs). Configured here, handed to requests as
    # `cert=`, but not exercised by the loopback sandbox, which speaks plain HTTP.
    client_cert_path: str | None = None
    client_key_path: str | None = None


class AlipayCredentials(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    gateway_url: str = Field(default="https://openapi.alipay.com/gateway.do", pattern=_URL)
    app_id: str = Field(min_length=1, max_length=32)
    app_private_key_pem: SecretStr  # PKCS#8 or PKCS#1 PEM, or the bare base64 the Alipay console shows
    alipay_public_key_pem: str  # Alipay's public key (支付宝公钥), not the app's own


class GenericCredentials(BaseModel):
    """An aggregator terminal (收钱吧-style upay v2 shape) for UnionPay, Bestpay or e-CNY."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(pattern=_URL)
    terminal_sn: str = Field(min_length=1, max_length=32)
    terminal_key: SecretStr


class MerchantChannels(BaseModel):
    """One merchant's channels; a channel left None is not open for this shop."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    wechat: WeChatV2Credentials | None = None
    alipay: AlipayCredentials | None = None
    unionpay: GenericCredentials | None = None
    bestpay: GenericCredentials | None = None
    ecny: GenericCredentials | None = None


def revealed(model: BaseModel) -> dict[str, Any]:
    """The model as JSON-ready data with its SecretStr values in the clear: only for storing it encrypted,
    or for sandbox keys (worthless anywhere else)."""

    def reveal(value: Any) -> Any:
        if isinstance(value, SecretStr):
            return value.get_secret_value()
        if isinstance(value, BaseModel):
            return {name: reveal(getattr(value, name)) for name in type(value).model_fields}
        if isinstance(value, dict):
            return {key: reveal(item) for key, item in value.items()}
        return value

    result: dict[str, Any] = reveal(model)
    return result
