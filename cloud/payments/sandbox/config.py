"""What the sandbox knows of the merchant: the keys it checks requests with and signs its answers with.

keys.make_sandbox_pair() builds one of these together with the matching merchant credentials.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, SecretStr


class SandboxConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    wechat_appid: str
    wechat_mch_id: str
    wechat_api_key: SecretStr  # WeChat v2 signs both ways with the merchant's API key
    alipay_app_id: str
    alipay_app_public_key_pem: str  # the app's public key, as uploaded to Alipay: checks requests
    alipay_platform_private_key_pem: SecretStr  # "Alipay's" own key: signs answers
    generic_terminals: dict[str, SecretStr]  # terminal_sn -> terminal key
