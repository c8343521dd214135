"""The shop's settings, kept as TOML in the data directory and changed by a manager."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from pos_app.barcodes import DEFAULT_SCALE_TEMPLATE, ScaleTemplate
from pos_app.camera_config import DEFAULT_RESOLUTION, CameraConfig, parse_camera
from pos_app.errors import InvalidInput
from pos_app.i18n import LANGUAGES
from pos_app.pricing import RoundingPolicy
from pos_app.printer_config import PrinterConfig, parse_printer_url


@dataclass(frozen=True)
class ShopSettings:
    shop_name: str = "我的小店"
    address: str = ""
    phone: str = ""
    rounding: RoundingPolicy = RoundingPolicy.NONE
    discount_limit_percent: int = 10  # a cashier may give up to this much off without a manager
    scale_template: str = DEFAULT_SCALE_TEMPLATE
    language: str = "zh_CN"
    timezone: str = "Asia/Shanghai"
    day_cutoff: str = "04:00"  # sales before this local time count for the previous business day
    printer_url: str = ""  # empty: no receipt printer (see pos_app.printer_config for the forms)
    receipt_footer: str = "谢谢惠顾，欢迎再次光临！"
    camera: str = ""  # empty: no camera; "0", "1": a camera index; a path: a video file as a camera
    camera_resolution: str = DEFAULT_RESOLUTION
    blind_close: bool = False  # the cashier counts the drawer at 交班 without seeing the expected cash

    def __post_init__(self) -> None:
        if not self.shop_name.strip():
            raise InvalidInput("the shop needs a name", "店名不能为空")
        if len(self.shop_name) > 40 or len(self.address) > 80 or len(self.phone) > 30:
            raise InvalidInput("name, address or phone is too long", "店名、地址或电话过长")
        if not 0 <= self.discount_limit_percent <= 100:
            raise InvalidInput("the discount limit must be 0-100%", "折扣上限必须在 0 到 100% 之间")
        ScaleTemplate(self.scale_template)
        if self.language not in LANGUAGES:
            raise InvalidInput(f"unknown language {self.language}", f"未知语言 {self.language}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"unknown time zone {self.timezone}", f"未知时区 {self.timezone}") from None
        self.cutoff_time()
        self.printer()
        self.camera_config()
        if not isinstance(self.blind_close, bool):
            raise InvalidInput("blind close is true or false", "盲交班设置只能为 true 或 false")
        if len(self.receipt_footer) > 200:
            raise InvalidInput(
                "the receipt footer is too long (200 characters at most)", "小票页脚过长（最多 200 字）"
            )

    def printer(self) -> PrinterConfig | None:
        """The receipt printer's configuration; a malformed address is refused here, when it is set."""
        return parse_printer_url(self.printer_url) if self.printer_url.strip() else None

    def camera_config(self) -> CameraConfig | None:
        return parse_camera(self.camera, self.camera_resolution)

    def cutoff_time(self) -> time:
        try:
            return time.fromisoformat(self.day_cutoff)
        except ValueError:
            raise InvalidInput(
                f"day cut-off '{self.day_cutoff}' must be a time like 04:00",
                f"日结时间“{self.day_cutoff}”格式应为 04:00",
            ) from None

    @property
    def discount_limit_bp(self) -> int:
        return self.discount_limit_percent * 100

    def changed(self, **values: Any) -> ShopSettings:
        if "rounding" in values:
            values["rounding"] = RoundingPolicy(values["rounding"])
        return replace(self, **values)


class SettingsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> ShopSettings:
        if not self.path.exists():
            return ShopSettings()
        try:
            raw = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(
                f"settings file {self.path} is damaged: {exc}", f"设置文件 {self.path} 已损坏：{exc}"
            ) from None
        known = {f.name for f in fields(ShopSettings)}
        values = {k: v for k, v in raw.items() if k in known}
        try:
            return ShopSettings().changed(**values)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(
                f"settings file {self.path} has a bad value: {exc}",
                f"设置文件 {self.path} 中有无效的值：{exc}",
            ) from None

    def save(self, settings: ShopSettings) -> None:
        """Written to a temporary file, synced, then renamed: a crash leaves the old or the new file."""
        data = {k: (v.value if isinstance(v, RoundingPolicy) else v) for k, v in asdict(settings).items()}
        tmp = self.path.with_suffix(".toml.tmp")
        with open(tmp, "wb") as fh:
            tomli_w.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
