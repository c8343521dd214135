"""The camera's decoders on the committed sample frames and video; frame sources; the debouncer; decode_file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from barcode.upc import UPCA

from hardware.decode_images import decode_file
from hardware.decoders.pipeline import ScanPipeline
from hardware.decoders.zbar_decoder import ZbarDecoder
from hardware.decoders.zxing_decoder import ZxingDecoder
from hardware.frame_sources import ImageFolderSource, VideoSource, read_gray
from pos_app.i18n import language, set_language
from pos_app.ports import DecodedCode
from pos_app.scan_debounce import Debouncer
from pos_app.scan_errors import CameraUnavailable, DecoderUnavailable, ImageUnreadable

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scan"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
FRAMES = MANIFEST["frames"]
VIDEO = MANIFEST["video"]


@pytest.fixture(scope="module")
def pipeline() -> ScanPipeline:
    return ScanPipeline()


def texts(found: list[Any]) -> list[str]:
    return [code.text for code in found]


def frame(name: str) -> Any:
    return read_gray(FIXTURES / name)


@pytest.mark.parametrize("truth", FRAMES, ids=[f["file"] for f in FRAMES])
def test_the_pipeline_reads_every_sample_frame(pipeline: ScanPipeline, truth: dict[str, Any]) -> None:
    assert truth["expected"] in texts(pipeline.decode(frame(truth["file"])))


def test_the_samples_cover_every_level_and_layout() -> None:
    assert {(f["level"], f["layout"]) for f in FRAMES} == {
        (level, layout) for level in ("easy", "medium", "hard") for layout in ("qr", "ean", "both", "bars")
    }


@pytest.mark.parametrize("decoder", [ZxingDecoder(), ZbarDecoder()], ids=["zxing-cpp", "zbar"])
def test_each_backend_reads_an_easy_qr_code_and_an_ean13(decoder: Any) -> None:
    for truth in (f for f in FRAMES if f["level"] == "easy" and f["layout"] in ("qr", "ean")):
        found = decoder.decode(frame(truth["file"]))
        assert texts(found) == [truth["expected"]]
        assert found[0].symbology == ("QRCode" if truth["layout"] == "qr" else "EAN13")


@pytest.mark.parametrize("turns", [1, 3])
def test_bars_standing_on_end_are_read_too(pipeline: ScanPipeline, turns: int) -> None:
    truth = next(f for f in FRAMES if f["level"] == "medium" and f["layout"] == "ean")
    turned = np.ascontiguousarray(np.rot90(frame(truth["file"]), turns))
    assert texts(pipeline.decode(turned)) == [truth["expected"]]


@pytest.mark.parametrize(
    "image",
    [np.full((720, 1280), 200, np.uint8), np.zeros((12, 12), np.uint8),
     np.random.default_rng(4).integers(0, 256, (720, 1280), dtype=np.uint8)],
    ids=["blank", "thumbnail", "noise"],
)  # fmt: skip
def test_a_frame_without_a_code_yields_nothing(pipeline: ScanPipeline, image: Any) -> None:
    assert pipeline.decode(image) == []


def test_a_colour_frame_is_read_as_grayscale(pipeline: ScanPipeline) -> None:
    truth = FRAMES[0]
    colour = np.dstack([frame(truth["file"])] * 3)
    assert texts(pipeline.decode(colour)) == [truth["expected"]]


def test_the_folder_source_yields_every_picture_as_grayscale_in_name_order() -> None:
    source = ImageFolderSource(FIXTURES)
    assert [p.name for p in source.paths] == sorted(f["file"] for f in FRAMES)  # the .avi and .json skipped
    shapes = {image.shape for image in source}
    assert shapes == {(720, 1280)}


def test_the_video_source_shows_the_code_once_the_phone_is_in_view(pipeline: ScanPipeline) -> None:
    frames = list(VideoSource(FIXTURES / VIDEO["file"]))
    assert len(frames) == VIDEO["frames"] and {f.shape for f in frames} == {(360, 640)}
    read = [texts(pipeline.decode(f)) for f in frames]
    assert read[:5] == [[]] * 5  # the phone is still outside the frame
    assert all(r == [VIDEO["expected"]] for r in read[VIDEO["first_full_frame"] :])


def test_the_debounced_video_reports_the_payment_code_once(pipeline: ScanPipeline) -> None:
    seconds = iter(i / 10 for i in range(VIDEO["frames"]))  # the video runs at 10 frames a second
    debouncer = Debouncer(now=lambda: next(seconds))
    reported = [debouncer.filter(texts(pipeline.decode(f))) for f in VideoSource(FIXTURES / VIDEO["file"])]
    assert [code for codes in reported for code in codes] == [VIDEO["expected"]]


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_the_debouncer_drops_a_repeat_within_two_seconds_and_reports_after() -> None:
    clock = Clock()
    debouncer = Debouncer(now=clock)
    assert debouncer.accept("130123456789012345")
    clock.t += 1.9
    assert not debouncer.accept("130123456789012345")
    assert debouncer.accept("6901234567892")  # another code is news at once
    clock.t += 2.1  # out of sight for longer than the window
    assert debouncer.accept("130123456789012345")


def test_a_code_held_in_view_is_reported_once_however_long_it_stays() -> None:
    clock = Clock()
    debouncer = Debouncer(now=clock)
    seen = []
    for _ in range(50):  # 10 s at 5 frames a second
        seen += debouncer.filter(["6901234567892", "6901234567892"])
        clock.t += 0.2
    assert seen == ["6901234567892"]


def test_decode_file_reads_and_classifies(pipeline: ScanPipeline) -> None:
    truth = next(f for f in FRAMES if f["channel"] == "product")
    result = decode_file(FIXTURES / truth["file"], pipeline)
    assert result["codes"] == [{"text": truth["expected"], "kind": "product", "symbology": "EAN13"}]
    assert result["file"].endswith(truth["file"]) and isinstance(result["ms"], float)


def test_a_missing_image_is_a_clear_error_in_both_languages(pipeline: ScanPipeline, tmp_path: Path) -> None:
    before = language()
    with pytest.raises(ImageUnreadable) as err:
        decode_file(tmp_path / "收款码.jpg", pipeline)
    try:
        assert err.value.missing and "找不到图片" in str(err.value) and "收款码.jpg" in err.value.zh
        set_language("en")
        assert str(err.value).startswith("Image not found:")
    finally:
        set_language(before)


def test_a_file_that_is_not_an_image_is_a_clear_error(pipeline: ScanPipeline, tmp_path: Path) -> None:
    fake = tmp_path / "snapshot.jpg"
    fake.write_text("not a picture")
    with pytest.raises(ImageUnreadable) as err:
        decode_file(fake, pipeline)
    assert not err.value.missing and "无法读取图片" in err.value.zh and "Cannot read image" in err.value.en


def test_a_missing_video_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable) as err:
        VideoSource(tmp_path / "none.avi")
    assert "无法打开视频" in err.value.zh


def test_without_libzbar_the_error_names_the_package_and_the_pipeline_still_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)  # what a missing libzbar0 looks like
    with pytest.raises(DecoderUnavailable) as err:
        ZbarDecoder()
    assert "libzbar0" in err.value.en and "libzbar0" in err.value.zh
    truth = FRAMES[0]
    assert texts(ScanPipeline().decode(frame(truth["file"]))) == [truth["expected"]]


def test_a_upc_a_is_its_twelve_digits_whichever_decoder_reads_it(pipeline: ScanPipeline) -> None:
    bars = np.array([bit == "1" for bit in UPCA("03600029145").build()[0]])
    image = np.full((200, bars.size * 3 + 80), 255, np.uint8)
    image[40:160, 40 : 40 + bars.size * 3] = np.where(np.repeat(bars, 3), 0, 255)
    for decoder in (ZxingDecoder(), ZbarDecoder(), pipeline):
        assert decoder.decode(image) == [DecodedCode("036000291452", "UPCA")]


def test_the_sample_frames_come_from_the_seeded_corpus_generator() -> None:
    from benchmarks.scan_corpus import frame as corpus_frame

    sample = next(f for f in FRAMES if f["file"] == "hard_000.jpg")  # a phone: no font in it
    first, truth = corpus_frame("hard", 0)
    again, _ = corpus_frame("hard", 0)
    assert first == again  # same seed, same bytes
    assert {**truth, "file": sample["file"]} == sample
