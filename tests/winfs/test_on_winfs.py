"""On a real SMB share and a real exFAT disk: exports, names, burns, the database, sync."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import DataFolderError
from app.files import atomic, names
from tests.subtitles.conftest import SRT, make_clip
from tests.windows.doubles import part_files

pytestmark = [pytest.mark.xdist_group("winfs"), pytest.mark.slow]


def test_export_over_a_file_open_on_the_share_is_refused_cleanly(smb_root: Path, cli, tmp_path: Path) -> None:
    """Samba refuses to replace a file another client holds open: EBUSY through smbnetfs."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="open-", dir=smb_root))
    target = folder / "rota-hours.csv"
    target.write_text("period,officer\n")
    with open(target, "rb"):  # "open in Excel" on another laptop
        with pytest.raises(atomic.FileInUseError) as caught:
            atomic.write_text(target, "period,officer\nweek,Dee\n")
        srt = tmp_path / "in.srt"
        srt.write_text(SRT, encoding="utf-8")
        subs = folder / "captions.srt"
        subs.write_text("old")
        with open(subs, "rb"):
            result = cli("subtitles", "convert", str(srt), "-o", str(subs))
    assert "close it in the other program and try again" in str(caught.value).lower()
    assert result.code == 2 and "close it in the other program" in result.err.lower() and "Traceback" not in result.err
    assert target.read_text() == "period,officer\n" and subs.read_text() == "old"
    assert part_files(folder) == []
    atomic.write_text(target, "period,officer\nweek,Dee\n")  # closed: it works
    assert target.read_text() == "period,officer\nweek,Dee\n"


def test_export_over_an_open_file_on_exfat_leaves_nothing_behind(exfat_root: Path) -> None:
    """exfat-fuse on Linux lets the replace happen (POSIX semantics): no .part either way."""
    target = exfat_root / "summary.pdf"
    target.write_bytes(b"old")
    with open(target, "rb") as reader:
        atomic.write_bytes(target, b"%PDF-new")
        assert reader.read() == b"old"
    assert target.read_bytes() == b"%PDF-new" and part_files(exfat_root) == []


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("media") / "clip.mp4", seconds=1)


def test_case_only_burn_name_is_refused(winfs_dir: Path, clip: Path, cli, tmp_path: Path) -> None:
    original = winfs_dir / "clip.mp4"
    original.write_bytes(clip.read_bytes())
    before = original.read_bytes()
    assert (winfs_dir / "CLIP.mp4").exists()  # the disk ignores case: the same file
    srt = tmp_path / "captions.srt"
    srt.write_text(SRT, encoding="utf-8")
    result = cli("subtitles", "burn", str(original), str(srt), "-o", str(winfs_dir / "CLIP.mp4"))
    assert result.code == 2 and "original video" in result.err
    assert original.read_bytes() == before
    assert sorted(os.listdir(winfs_dir)) == ["clip.mp4"]
    ok = cli("subtitles", "burn", str(original), str(srt), "-o", str(winfs_dir / "clip captioned.mp4"))
    assert ok.code == 0, ok.err
    assert original.read_bytes() == before and part_files(winfs_dir) == []


def test_exfat_itself_refuses_the_names_we_make_safe(exfat_root: Path) -> None:
    raw = 'rota-Dee "DJ" Osei.ics'
    with pytest.raises(OSError):
        (exfat_root / raw).write_text("x")
    safe = names.safe_name(raw)
    (exfat_root / safe).write_text("x")
    assert safe in os.listdir(exfat_root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_every_safe_name_can_be_created_on_exfat(exfat_root: Path, text: str) -> None:
    name = names.safe_name(text)
    path = exfat_root / "names" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"ok")
    try:
        assert path.read_bytes() == b"ok"
    finally:
        path.unlink()


def test_database_on_the_smb_mount_is_refused(smb_root: Path) -> None:
    from app.context import open_context

    folder = smb_root / "dutydesk-data"
    with pytest.raises(DataFolderError, match="network"):
        open_context(folder)
    assert not folder.exists()


def test_photo_export_onto_the_share(winfs_dir: Path, tmp_path: Path) -> None:
    from PIL import Image

    from app.photo.export import export_photo
    from app.photo.presets import load_presets
    from app.photo.recipe import Recipe

    source = tmp_path / "scene.jpg"
    Image.new("RGB", (1600, 1200), (120, 80, 40)).save(source, "JPEG")
    presets = [p for p in load_presets() if p.name != "custom"][:2]
    results = export_photo(source, Recipe(), presets, winfs_dir, alt_text="Officers at the scene")
    assert all(r.path.is_file() and r.path.parent == winfs_dir for r in results)
    assert part_files(winfs_dir) == []


def test_sync_property_and_process_kills_with_the_share_there(winfs_dir: Path, tmp_path_factory, tmp_path: Path,
                                                              monkeypatch) -> None:
    """The sync property test and the process-kill tests, with every share on this disk."""
    from tests.sync import test_processes, test_property, test_share_creation

    monkeypatch.setenv("DUTYDESK_TEST_SHARE_ROOT", str(winfs_dir))
    test_property.test_random_interleavings_converge_without_loss(tmp_path_factory)
    for kill_at in ("fsync", "read"):
        test_processes.test_sigkill_mid_sync_loses_nothing(tmp_path_factory.mktemp(f"kill-{kill_at}"), kill_at)
    test_processes.test_two_app_processes_sync_through_one_share(tmp_path_factory.mktemp("two"))
    test_share_creation.test_a_marker_made_the_instant_another_laptop_commits_its_own_joins_one_team(tmp_path_factory.mktemp("made"))
    test_share_creation.test_a_laptop_reading_the_marker_while_it_is_being_written_waits_and_joins(tmp_path_factory.mktemp("read"))
    assert any(Path(winfs_dir).iterdir())  # the shares really were on this disk
