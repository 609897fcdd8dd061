"""The video preview: Qt multimedia when it works, ffmpeg still frames when it does not.

``MultimediaPreview`` plays with sound through ``QMediaPlayer`` + ``QAudioOutput``; its
frames arrive on a ``QVideoSink`` and are painted by ``FrameView`` together with the
current cue, so the caption overlay always shows (a native ``QVideoWidget`` window would
hide widgets drawn over it) and the preview can be grabbed for screenshots.
``StillPreview`` is the fallback: the playhead moves by keys and clicks, and each
position shows a frame that ffmpeg extracts off the GUI thread. The view says which
one is in use.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

NO_MULTIMEDIA_ENV = "DUTYDESK_NO_QT_MULTIMEDIA"


class FrameView(QWidget):
    """Paints the current frame, letter-boxed, with the current cue over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._caption = ""
        self._message = "Open a video (Ctrl+O) to start captioning."
        self.setMinimumSize(QSize(320, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Video preview")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self.update()

    def set_caption(self, text: str) -> None:
        if text != self._caption:
            self._caption = text
            self.setAccessibleDescription(f"Caption on screen: {text}" if text else "No caption on screen")
            self.update()

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    def picture_rect(self) -> QRectF:
        if self._image is None or self._image.isNull():
            return QRectF(self.rect())
        iw, ih = self._image.width(), self._image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: object) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(16, 16, 16))
        target = self.picture_rect()
        if self._image is not None and not self._image.isNull():
            p.drawImage(target, self._image)
        else:
            p.setPen(QColor(200, 200, 200))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
        if self._caption:
            self._paint_caption(p, target)
        p.end()

    def _paint_caption(self, p: QPainter, target: QRectF) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(12, int(target.height() * 0.055)))
        metrics = QFontMetrics(font)
        lines = _wrap(self._caption, metrics, target.width() * 0.8)
        line_h = metrics.height()
        y = target.bottom() - target.height() * 0.08 - line_h * len(lines)
        path = QPainterPath()
        for line in lines:
            x = target.center().x() - metrics.horizontalAdvance(line) / 2
            path.addText(x, y + metrics.ascent(), font, line)
            y += line_h
        p.setPen(QPen(QColor(0, 0, 0), max(2.0, font.pixelSize() / 8)))
        p.drawPath(path)
        p.fillPath(path, QColor(255, 255, 255))


def _wrap(text: str, metrics: QFontMetrics, max_width: float) -> list[str]:
    """Break lines at spaces so each fits ``max_width`` (as libass does for the burn)."""
    out: list[str] = []
    for line in text.split("\n"):
        current = ""
        for word in line.split():
            trial = f"{current} {word}".strip()
            if current and metrics.horizontalAdvance(trial) > max_width:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return out


class Preview(QObject):
    """What the view drives; both back-ends share it."""

    position_changed = Signal(int)
    duration_changed = Signal(int)
    playing_changed = Signal(bool)
    problem = Signal(str)

    kind = ""
    description = ""

    def __init__(self, frame_view: FrameView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = frame_view
        self.position_ms = 0
        self.duration_ms = 0
        self.fps = 25.0

    def open(self, path: Path, duration_ms: int, fps: float) -> None:
        raise NotImplementedError

    def seek(self, ms: int) -> None:
        raise NotImplementedError

    def toggle_play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def step_frames(self, frames: int) -> None:
        self.seek(self.position_ms + round(frames * 1000 / (self.fps or 25)))

    def clamp(self, ms: int) -> int:
        upper = self.duration_ms if self.duration_ms > 0 else ms
        return max(0, min(int(ms), upper))


def multimedia_problem() -> str | None:
    """None when Qt multimedia can play here; else why not, in plain words."""
    if os.environ.get(NO_MULTIMEDIA_ENV):
        return "Qt multimedia is switched off on this machine"
    try:
        from PySide6.QtMultimedia import QMediaPlayer
    except ImportError as exc:  # pragma: no cover - depends on the install
        return f"Qt multimedia is not installed ({exc})"
    player = QMediaPlayer()
    ok = player.isAvailable()
    player.deleteLater()
    return None if ok else "Qt multimedia has no working back-end here"


class MultimediaPreview(Preview):
    kind = "multimedia"
    description = "Playing with sound (Qt multimedia)."

    def __init__(self, frame_view: FrameView, parent: QObject | None = None) -> None:
        super().__init__(frame_view, parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.sink = QVideoSink(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._frame)
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self.player.playbackStateChanged.connect(
            lambda state: self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState))
        self.player.errorOccurred.connect(lambda _e, text: self.problem.emit(f"The preview cannot play this video: {text}"))
        self.player.mediaStatusChanged.connect(self._status)
        self._pending: int | None = None

    def open(self, path: Path, duration_ms: int, fps: float) -> None:
        from PySide6.QtCore import QUrl

        self.duration_ms, self.fps = duration_ms, fps or 25.0
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.pause()  # shows the first frame

    def _frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if not image.isNull():
            self.view.set_image(image)

    def _position(self, ms: int) -> None:
        self.position_ms = ms
        self.position_changed.emit(ms)

    def _duration(self, ms: int) -> None:
        if ms > 0:
            self.duration_ms = ms
            self.duration_changed.emit(ms)

    def _status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia) and self._pending is not None:
            self.player.setPosition(self._pending)  # a seek asked for before the video had loaded
            self._pending = None

    def seek(self, ms: int) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        ms = self.clamp(ms)
        self.position_ms = ms
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia, QMediaPlayer.MediaStatus.NoMedia):
            self._pending = ms
        self.player.setPosition(ms)
        self.position_changed.emit(ms)

    def toggle_play(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def pause(self) -> None:
        self.player.pause()


class StillPreview(Preview):
    """Frames from ffmpeg at the playhead; "play" advances the playhead on a timer (no sound)."""

    kind = "stills"

    def __init__(self, frame_view: FrameView, ops: object, reason: str, parent: QObject | None = None) -> None:
        super().__init__(frame_view, parent)
        self.ops = ops  # ui.ops.Ops: frames are read off the GUI thread
        self.description = f"{reason}: showing still frames from ffmpeg at the playhead, without sound."
        self.path: Path | None = None
        self._wanted: int | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(lambda: self._tick())

    def open(self, path: Path, duration_ms: int, fps: float) -> None:
        self.path, self.duration_ms, self.fps = path, duration_ms, fps or 25.0
        self.duration_changed.emit(duration_ms)
        self.seek(0)

    def seek(self, ms: int) -> None:
        ms = self.clamp(ms)
        self.position_ms = ms
        self.position_changed.emit(ms)
        self._wanted = ms
        self._fetch()

    def _fetch(self) -> None:
        if self._busy or self._wanted is None or self.path is None:
            return
        from app.subtitles.output import frame_png

        ms, path = self._wanted, self.path
        self._wanted = None
        self._busy = True
        self.ops.query(parent=self, op=lambda ctx: frame_png(path, ms, max_width=960)).success(self._got).failure(  # type: ignore[attr-defined]
            self._failed).run()

    def _got(self, png: bytes) -> None:
        self._busy = False
        image = QImage.fromData(png, "PNG")
        self.view.set_image(image)
        self._fetch()  # the playhead moved meanwhile

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.problem.emit(str(exc))

    def _tick(self) -> None:
        if self.position_ms >= self.duration_ms:
            self.pause()
            return
        self.seek(self.position_ms + self._timer.interval())

    def toggle_play(self) -> None:
        if self._timer.isActive():
            self.pause()
        else:
            self._timer.start()
            self.playing_changed.emit(True)

    def pause(self) -> None:
        self._timer.stop()
        self.playing_changed.emit(False)


def make_preview(frame_view: FrameView, ops: object, parent: QObject | None = None) -> Preview:
    problem = multimedia_problem()
    if problem is None:
        try:
            return MultimediaPreview(frame_view, parent)
        except Exception as exc:  # noqa: BLE001 - any back-end failure falls back to stills
            problem = f"Qt multimedia failed to start ({exc})"
    return StillPreview(frame_view, ops, problem, parent)
