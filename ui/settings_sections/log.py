"""Settings > Shift log: the team's welfare check-in interval and escalation text."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from app.context import AppContext
from app.shiftlog import teamsettings
from ui.settings_sections.base import SettingsSection, Writer
from ui.shell import Shell

ORDER = 20
TITLE = "Shift log"


class LogSection(SettingsSection):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        intro = QLabel("Lone-worker welfare check-ins (shared with the whole team). When a shift starts, a "
                       "timer asks the officer to check in; a missed check-in shows these instructions and is "
                       "recorded in the log.")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addLayout(form)
        outer.addStretch(1)
        self.interval = QDoubleSpinBox()
        self.interval.setDecimals(0)
        self.interval.setRange(0, teamsettings.MAX_INTERVAL_MINUTES)
        self.interval.setSingleStep(15)
        self.interval.setSuffix(" min")
        self.interval.setSpecialValueText("Off")
        self.interval.setAccessibleName("Check-in interval in minutes (0 for off)")
        self.grace = QDoubleSpinBox()
        self.grace.setDecimals(0)
        self.grace.setRange(0, 120)
        self.grace.setSuffix(" min")
        self.grace.setAccessibleName("Grace period before a check-in counts as missed, in minutes")
        self.escalation = QPlainTextEdit()
        self.escalation.setTabChangesFocus(True)
        self.escalation.setAccessibleName("Escalation instructions for a missed check-in")
        self.escalation.setMaximumHeight(90)
        self.contact = QLineEdit()
        self.contact.setAccessibleName("Escalation contact")
        self.contact.setPlaceholderText("e.g. Duty manager, 07700 900123")
        for spin in (self.interval, self.grace):
            spin.setMaximumWidth(140)
        form.addRow("Check-in &every:", self.interval)
        form.addRow("Counts as missed &after:", self.grace)
        form.addRow("&Escalation instructions:", self.escalation)
        form.addRow("Escalation &contact:", self.contact)
        self.load()

    def values(self) -> tuple[float, float, str, str]:
        return (self.interval.value(), self.grace.value(), self.escalation.toPlainText().strip(),
                self.contact.text().strip())

    def read(self, ctx: AppContext) -> teamsettings.WelfareSettings:
        return teamsettings.welfare_settings(ctx)

    def show_values(self, current: teamsettings.WelfareSettings) -> None:
        self.interval.setValue(current.interval_minutes)
        self.grace.setValue(current.grace_minutes)
        self.escalation.setPlainText(current.escalation)
        self.contact.setText(current.contact)


    def writer(self) -> Writer | None:
        if not self.is_dirty():
            return None
        interval, grace, escalation, contact = self.values()
        return lambda ctx: teamsettings.save_welfare(ctx, interval_minutes=interval, grace_minutes=grace,
                                                     escalation=escalation, contact=contact)


def create_section(shell: Shell) -> SettingsSection:
    return LogSection(shell)
