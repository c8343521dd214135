"""The shop's settings file: validated before it is written, and never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.camera_config import CameraConfig
from pos_app.errors import InvalidInput
from pos_app.pricing import RoundingPolicy
from pos_app.settings import SettingsFile, ShopSettings


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    file = SettingsFile(tmp_path / "settings.toml")
    file.save(ShopSettings().changed(shop_name="好又多", rounding="drop_fen", discount_limit_percent=20))
    loaded = file.load()
    assert (loaded.shop_name, loaded.rounding, loaded.discount_limit_percent) == ("好又多", RoundingPolicy.DROP_FEN, 20)


@pytest.mark.parametrize(
    "change",
    [{"shop_name": " "}, {"discount_limit_percent": 120}, {"scale_template": "2PPP"}, {"timezone": "Mars/Base"},
     {"day_cutoff": "25:00"}, {"language": "fr"}, {"camera_resolution": "800x600"}],
)
def test_bad_values_are_refused_before_anything_is_written(tmp_path: Path, change: dict[str, object]) -> None:
    file = SettingsFile(tmp_path / "settings.toml")
    file.save(ShopSettings().changed(shop_name="原来的店"))
    with pytest.raises(InvalidInput):
        file.save(file.load().changed(**change))
    assert file.load().shop_name == "原来的店"


def test_a_damaged_settings_file_is_named_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("shop_name = [unclosed", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"settings\.toml"):
        SettingsFile(path).load()


def test_the_camera_setting_is_none_an_index_or_a_video_file() -> None:
    assert ShopSettings().camera_config() is None  # the handheld scanner alone
    assert ShopSettings(camera="1", camera_resolution="1920x1080").camera_config() == CameraConfig(1, 1920, 1080)
    assert ShopSettings(camera=" demo.avi ").camera_config() == CameraConfig("demo.avi", 1280, 720)
