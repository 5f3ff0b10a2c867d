"""The Settings dialog (Ctrl+,): theme, note text size, remote images, where stamps play, and this vault's
timestamp format. Every change applies at once; the window saves it in the app's settings, never the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.settings import FONT_SIZES, Preferences

THEME_CHOICES = [("system", "Same as the system"), ("light", "Light"), ("dark", "Dark")]
TARGET_CHOICES = [("browser", "Web browser"), ("player", "Video player in this window")]
DEFAULT_FONT_PX = 17  # what the size box shows for "Default": about the note stylesheet's own 16.5 px
FORMAT_CHOICES = [(None, "Automatic (decided per note)"), ("hms", "H:MM:SS — hours, minutes, seconds"),
                  ("msf", "M:SS:ff — minutes, seconds, frames")]


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's quieter text colour, in any theme
    # at least the height its wrapped lines need: with the default policy a form row got the height of fewer
    # lines than the label wraps into, and the text was cut at the top and bottom
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
    return label


class SettingsDialog(QDialog):
    """Edits a copy of the preferences; emits `preferences_changed(Preferences)` on every edit and
    `timestamp_format_changed(str | None)` when the vault's format changes."""

    preferences_changed = Signal(object)  # Preferences
    timestamp_format_changed = Signal(object)  # "hms", "msf" or None

    def __init__(self, prefs: Preferences, vault: Path | None, timestamp_format: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings")
        self.prefs = prefs

        self.theme_box = QComboBox()
        for value, text in THEME_CHOICES:
            self.theme_box.addItem(text, value)
        self.theme_box.setCurrentIndex([v for v, _ in THEME_CHOICES].index(prefs.theme))
        self.theme_box.setAccessibleName("Theme")

        # The size box always shows a size (the stylesheet's own when "Default" is on), so ▲ always makes the
        # text bigger: a "Default" at the spin box's minimum made the first ▲ go from 16.5 px down to 10.
        self.font_size_box = QSpinBox()
        self.font_size_box.setRange(*FONT_SIZES)
        self.font_size_box.setSuffix(" px")
        self.font_size_box.setValue(prefs.font_size or DEFAULT_FONT_PX)
        self.font_size_box.setAccessibleName("Note text size")
        self.default_size_box = QCheckBox("Default")
        self.default_size_box.setChecked(not prefs.font_size)
        self.default_size_box.setAccessibleName("Default note text size")
        size_row = QHBoxLayout()
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self.font_size_box, 1)
        size_row.addWidget(self.default_size_box)

        self.remote_box = QCheckBox("Load images from the web")
        self.remote_box.setChecked(prefs.allow_remote)

        self.target_box = QComboBox()
        for value, text in TARGET_CHOICES:
            self.target_box.addItem(text, value)
        self.target_box.setCurrentIndex([v for v, _ in TARGET_CHOICES].index(prefs.stamp_target))
        self.target_box.setAccessibleName("Open timestamps in")

        self.format_box = QComboBox()
        for value, text in FORMAT_CHOICES:
            self.format_box.addItem(text, value)
        self.format_box.setCurrentIndex([v for v, _ in FORMAT_CHOICES].index(timestamp_format))
        self.format_box.setAccessibleName("Timestamp format of this vault")
        self.format_box.setEnabled(vault is not None)

        reading = QGroupBox("Reading")
        form = QFormLayout(reading)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Theme:", self.theme_box)
        size_label = QLabel("Note text &size:")
        size_label.setBuddy(self.font_size_box)  # a row of two widgets: the label needs its buddy named
        form.addRow(size_label, size_row)
        form.addRow("Remote images:", self.remote_box)
        form.addRow("", _hint("Off, a note shows a placeholder instead of fetching pictures from other sites."))

        stamps = QGroupBox("Timestamps")
        form = QFormLayout(stamps)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Open in:", self.target_box)
        form.addRow("", _hint("The player plays youtube-nocookie.com embeds beside the note and runs their "
                              "JavaScript; the note itself never runs any."))
        form.addRow("&Format:", self.format_box)
        where = (f"Applies to this vault (“{vault.name}”) only, in the window and on the command line alike; its "
                 "stamps are read again." if vault else "Open a vault to set its format.")
        form.addRow("", _hint(f"How stamps like 01:58:12 read. {where}"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(reading)
        layout.addWidget(stamps)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        self.theme_box.currentIndexChanged.connect(self._changed)
        self.font_size_box.valueChanged.connect(self._size_changed)
        self.default_size_box.toggled.connect(self._default_size_toggled)
        self.remote_box.toggled.connect(self._changed)
        self.target_box.currentIndexChanged.connect(self._changed)
        self.format_box.currentIndexChanged.connect(self._format_changed)

    def current_preferences(self) -> Preferences:
        return Preferences(
            theme=self.theme_box.currentData(),
            font_size=0 if self.default_size_box.isChecked() else self.font_size_box.value(),
            allow_remote=self.remote_box.isChecked(),
            stamp_target=self.target_box.currentData(),
        )

    def _size_changed(self, *_args) -> None:
        """A size chosen by hand is not the default any more."""
        self.default_size_box.blockSignals(True)
        self.default_size_box.setChecked(False)
        self.default_size_box.blockSignals(False)
        self._changed()

    def _default_size_toggled(self, on: bool) -> None:
        if on:
            self.font_size_box.blockSignals(True)
            self.font_size_box.setValue(DEFAULT_FONT_PX)
            self.font_size_box.blockSignals(False)
        self._changed()

    def _changed(self, *_args) -> None:
        prefs = self.current_preferences()
        if prefs != self.prefs:
            self.prefs = prefs
            self.preferences_changed.emit(prefs)

    def _format_changed(self, *_args) -> None:
        self.timestamp_format_changed.emit(self.format_box.currentData())

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Enter in a field must not close the dialog (there is no default button to press)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
