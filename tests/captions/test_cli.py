"""The CLI contract: transcribe, align and shots, with their --json keys."""

from __future__ import annotations

import json
from pathlib import Path

from app.subtitles import formats
from app.subtitles.checks import check, load_profile
from tests.captions.conftest import SPEECH_TEXT


def test_transcribe_writes_checked_cues_and_json(cli, speech_clip: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "team.txt"
    glossary.write_text("High Street = hi street\nRing Road\n", encoding="utf-8")
    out = tmp_path / "auto.srt"
    result = cli("subtitles", "transcribe", str(speech_clip), "-o", str(out), "--profile", "netflix",
                 "--glossary", str(glossary), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {"cues", "words", "duration_s", "elapsed_s", "model", "low_confidence_words"} <= set(data)
    assert data["model"] == "tiny.en" and abs(data["duration_s"] - 15) < 0.5
    assert all(w["probability"] < 0.5 for w in data["low_confidence_words"])
    saved = formats.load(out).cues
    assert [c.text for c in saved] == [c["text"] for c in data["cues"]]
    assert check(saved, load_profile("netflix"), spell=False) == []
    text = " ".join(c.text.replace("\n", " ") for c in saved)
    assert "High Street" in text and "Ring Road" in text  # the team's spelling, whatever the model heard


def test_transcribe_uses_the_team_glossary_from_the_data_folder(cli, speech_clip: Path, tmp_path: Path, data_dir: Path) -> None:
    from app.captions.glossary import add_term
    from app.context import open_context
    from app.setup import setup

    ctx = open_context(data_dir)
    try:
        setup(ctx, officer="Ann")
        add_term(ctx, "Water Main", "term", ["water may not"])
    finally:
        ctx.close()
    out = tmp_path / "team.srt"
    assert cli("subtitles", "transcribe", str(speech_clip), "-o", str(out)).code == 0
    assert "Water Main" in formats.load(out).cues[0].text + " " + formats.load(out).cues[1].text


def test_align_a_script_and_retime_a_file(cli, speech_clip: Path, tmp_path: Path) -> None:
    script = tmp_path / "statement.txt"
    script.write_text(SPEECH_TEXT, encoding="utf-8")
    out = tmp_path / "aligned.srt"
    result = cli("subtitles", "align", str(speech_clip), str(script), "-o", str(out), "--json")
    assert result.code == 0, result.err
    cues = formats.load(out).cues
    assert " ".join(c.text.replace("\n", " ") for c in cues) == SPEECH_TEXT
    assert json.loads(result.out)["mode"] == "script"
    retimed = tmp_path / "retimed.srt"
    assert cli("subtitles", "align", str(speech_clip), str(out), "-o", str(retimed)).code == 0
    again = formats.load(retimed).cues
    assert [c.text for c in again] == [c.text for c in cues]
    assert all(abs(a.start_ms - b.start_ms) <= 200 for a, b in zip(again, cues))


def test_shots_lists_the_cuts(cli, speech_clip: Path) -> None:
    result = cli("subtitles", "shots", str(speech_clip), "--json")
    assert result.code == 0
    assert json.loads(result.out) == {"shots_ms": [5000, 10000], "count": 2}
    plain = cli("subtitles", "shots", str(speech_clip))
    assert "2 shot change(s)" in plain.out


def test_glossary_commands(cli) -> None:
    assert cli("setup", "--officer", "Ann").code == 0
    added = cli("subtitles", "glossary", "add", "Market Street", "--kind", "place", "--heard-as", "market treat", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["mishearings"] == ["market treat"]
    again = cli("subtitles", "glossary", "add", "market street")
    assert again.code == 2 and "already" in again.err
    listed = json.loads(cli("subtitles", "glossary", "list", "--json").out)
    assert [(t["term"], t["kind"]) for t in listed] == [("Market Street", "place")]
    assert cli("subtitles", "glossary", "remove", "market street").code == 0
    assert json.loads(cli("subtitles", "glossary", "list", "--json").out) == []
    missing = cli("subtitles", "glossary", "remove", "Nowhere")
    assert missing.code == 2 and "not in the team glossary" in missing.err


def test_doctor_reports_the_built_in_speech_model(cli) -> None:
    report = json.loads(cli("doctor", "--json").out)
    assert report["speech_model"]["ok"] is True and report["speech_model"]["name"] == "tiny.en"
    assert "Speech model:  tiny.en OK" in cli("doctor").out
