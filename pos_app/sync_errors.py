"""Why a sync with the merchant's cloud did not happen, as typed errors the UI and the CLI choose by type.

A failed sync never loses a sale: events stay in the outbox until the cloud acknowledges them. Each error
says in the cashier's language what to do: wait (offline), fix the clock, or pair the till again.
"""

from __future__ import annotations

from pos_app.errors import PosError


class SyncError(PosError):
    """Base of every sync failure."""


class NotPaired(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "This till is not paired with a cloud: run `pos-till pair --cloud URL --code CODE`",
            "本收银台尚未绑定云端：请运行 `pos-till pair --cloud 网址 --code 绑定码`",
        )


class CredentialsMissing(SyncError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The till is paired but its device key file {path} is missing or damaged; pair it again",
            f"收银台已绑定，但设备密钥文件 {path} 丢失或损坏，请重新绑定",
        )


class CloudUnreachable(SyncError):
    """No network, a timeout or a server error: worth retrying later; nothing was lost."""

    def __init__(self, detail: str, detail_zh: str | None = None) -> None:
        super().__init__(
            f"The cloud cannot be reached ({detail}); sales are kept and will be sent later",
            f"无法连接云端（{detail_zh or detail}），销售数据已保存，稍后自动上传",
        )
        self.detail = detail


class ClockSkew(SyncError):
    def __init__(self, skew_s: int | None) -> None:
        off = f"{abs(skew_s)} s" if skew_s is not None else "too much"
        off_zh = f"{abs(skew_s)} 秒" if skew_s is not None else "过多"
        super().__init__(
            f"The till's clock is off by {off} from the cloud's; set the date and time, then sync again",
            f"收银台时间与云端相差 {off_zh}，请校准日期和时间后再同步",
        )
        self.skew_s = skew_s


class DeviceRevoked(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "This till was removed from the merchant's cloud; ask the owner for a new pairing code",
            "本收银台已被商户云端停用，请向店主索取新的绑定码重新绑定",
        )


class DeviceNotRecognized(SyncError):
    """The cloud does not know this device or its key (unknown_device, bad_signature)."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"The cloud does not recognise this till's key ({code}); pair it again",
            f"云端无法识别本收银台的密钥（{code}），请重新绑定",
        )
        self.code = code


class PairingRefused(SyncError):
    """The pairing code was wrong, expired or tried too often; `code` is the cloud's Problem code."""

    def __init__(self, status: int, code: str, en: str, zh: str) -> None:
        super().__init__(en, zh)
        self.status = status
        self.code = code


class BatchRefused(SyncError):
    """The cloud refused a whole push (413 too large, 422 malformed): the pump splits it to find why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(
            f"The cloud refused the upload ({status}: {message})",
            f"云端拒绝了本次上传（{status}：{message}）",
        )
        self.status = status
        self.message = message


class CloudProtocolError(SyncError):
    """An answer the till does not understand: a version mismatch or a bug, not a network problem."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The cloud's answer was not understood ({detail})", f"无法理解云端的响应（{detail}）"
        )
        self.detail = detail


class CatalogFromCloud(PosError):
    """A paired till takes its catalog from the cloud: a local CSV import would be overwritten."""

    def __init__(self) -> None:
        super().__init__(
            "The catalog comes from the cloud once the till is paired; change products in the cloud",
            "收银台绑定云端后商品资料由云端统一管理，请在云端修改商品",
        )


class PaymentTradeUnknown(SyncError):
    """The cloud has no payment by this out_trade_no: the pay request never reached it."""

    def __init__(self, out_trade_no: str) -> None:
        super().__init__(f"The cloud has no payment {out_trade_no}", f"云端没有这笔支付 {out_trade_no}")
        self.out_trade_no = out_trade_no


class PaymentRefused(SyncError):
    """The cloud refused to charge the code before asking any channel (not a payment code it takes):
    final, nothing was charged. The message is the cloud's, for the cashier."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message or code, message or code)
        self.code = code
