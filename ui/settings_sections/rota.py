"""Settings > Rota: service windows the rota must cover, the UK nation for bank
holidays, and the working-time limits the checks use (team-wide, synced)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit

from app.context import AppContext
from app.errors import ValidationError
from app.rota import service
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 30
TITLE = "Rota"
DAY_KINDS = (("weekday", "&Weekdays:"), ("weekend", "Wee&kends:"), ("bank_holiday", "&Bank holidays:"))
RULES = (
    ("min_daily_rest_hours", "Rest between shifts (h):"),
    ("weekly_rest_hours", "Weekly rest (h):"),
    ("max_average_weekly_hours", "Average week limit (h):"),
)


def windows_text(pairs: list[list[str]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in pairs)


def parse_windows(text: str) -> list[list[str]]:
    pairs = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise ValidationError(f"Write service windows as 07:00-12:30, 16:30-22:00 (not {part!r}).")
        pairs.append([start.strip(), end.strip()])
    return pairs


class RotaSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        form = QFormLayout(self)
        self.nation = QComboBox()
        self.nation.setAccessibleName("UK nation for bank holidays")
        for code, name in service.NATIONS.items():
            self.nation.addItem(name, code)
        form.addRow("Bank holidays &of:", self.nation)
        self.windows: dict[str, QLineEdit] = {}
        for key, label in DAY_KINDS:
            edit = QLineEdit()
            edit.setAccessibleName(f"Service windows, {key.replace('_', ' ')}")
            edit.setPlaceholderText("e.g. 07:00-12:30, 16:30-22:00 (00:00-24:00 for a 24-hour bureau)")
            self.windows[key] = edit
            form.addRow(label, edit)
        self.rules: dict[str, QDoubleSpinBox] = {}
        for key, label in RULES:
            spin = QDoubleSpinBox()
            spin.setRange(0, 168)
            spin.setDecimals(1)
            spin.setAccessibleName(label.rstrip(":"))
            self.rules[key] = spin
            form.addRow(label, spin)
        note = QLabel("Defaults follow the Working Time Regulations 1998. These settings are shared by the team.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form.addRow(note)
        self.load()

    def values(self) -> tuple:
        return (
            self.nation.currentData(),
            tuple(self.windows[k].text().strip() for k, _ in DAY_KINDS),
            tuple(self.rules[k].value() for k, _ in RULES),
        )

    def read(self, ctx: AppContext) -> tuple[str, dict, dict]:
        return service.nation(ctx), service.service_windows(ctx), service.working_time_rules(ctx).as_json()

    def show_values(self, data: tuple[str, dict, dict]) -> None:
        nation, windows, rules = data
        self.nation.setCurrentIndex(max(self.nation.findData(nation), 0))
        for key, _ in DAY_KINDS:
            self.windows[key].setText(windows_text(windows.get(key, [])))
        for key, _ in RULES:
            self.rules[key].setValue(float(rules[key]))


    def writer(self) -> Writer | None:
        if not self.is_dirty():
            return None
        windows = {key: parse_windows(self.windows[key].text()) for key, _ in DAY_KINDS}
        nation, rules = self.nation.currentData(), {k: self.rules[k].value() for k, _ in RULES}

        def store(ctx: AppContext) -> None:
            service.set_service_windows(ctx, windows)
            service.set_nation(ctx, nation)
            service.set_working_time_rules(ctx, rules)

        return store


def create_section(shell: Shell) -> SettingsSection:
    return RotaSection(shell)
