"""Light and dark palettes that follow the system (night shifts), or a user choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.resources import resource_path

ACCENT = QColor("#2f6fb3")


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(choice: str) -> bool:
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return system_prefers_dark()


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    if dark:
        base, window, text, alt = "#1e1f22", "#2b2d31", "#e6e6e6", "#26282c"
        button, mid, disabled = "#34363b", "#4a4d52", "#8a8d91"
    else:
        base, window, text, alt = "#ffffff", "#f3f4f6", "#1b1d21", "#f7f8fa"
        button, mid, disabled = "#e9ebef", "#c5c9d0", "#8a8f98"
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Highlight: ACCENT.name(),
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#6ea8ff" if dark else ACCENT.name(),
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def apply(app: QApplication, choice: str = "system") -> None:
    app.setStyle("Fusion")
    dark = is_dark(choice)
    app.setPalette(_palette(dark))
    app.setProperty("darkTheme", dark)
    app.setProperty("themeChoice", choice)  # what follow_system re-applies (no database read then)
    qss = resource_path("styles", "app.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def follow_system(app: QApplication) -> None:
    """Re-apply the palette when the system switches light/dark and the user left it on system.
    The choice is the one last applied (start-up, Settings), not read from the database: the
    signal comes on the GUI thread."""

    def _changed(_scheme: object) -> None:
        if app.property("themeChoice") in (None, "system"):
            apply(app, "system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(_changed)


def load_fonts() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = resource_path("fonts", name)
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
