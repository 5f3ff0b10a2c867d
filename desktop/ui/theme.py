"""Light or dark: follow the system, unless NOTE_READER_THEME=dark|light forces one (for screenshots, tests)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.paths import resource

THEME_ENV = "NOTE_READER_THEME"


def forced_theme() -> str | None:
    value = os.environ.get(THEME_ENV, "").strip().lower()
    return value if value in ("dark", "light") else None


def system_is_dark() -> bool:
    """The platform's colour scheme when it says, else whether the window background is dark."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def is_dark() -> bool:
    forced = forced_theme()
    return forced == "dark" if forced else system_is_dark()


def dark_palette() -> QPalette:
    """A Fusion dark palette matching app-dark.qss, for when dark is forced on a light system."""
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#25272b", QPalette.ColorRole.WindowText: "#dfe2e7",
        QPalette.ColorRole.Base: "#1f2124", QPalette.ColorRole.AlternateBase: "#26292d",
        QPalette.ColorRole.Text: "#dfe2e7", QPalette.ColorRole.Button: "#2c2f34",
        QPalette.ColorRole.ButtonText: "#dfe2e7", QPalette.ColorRole.Highlight: "#1f4480",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2c2f34",
        QPalette.ColorRole.ToolTipText: "#dfe2e7", QPalette.ColorRole.PlaceholderText: "#7d8590",
        QPalette.ColorRole.Link: "#7aa7ff", QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return p


def apply_theme(app: QApplication) -> bool:
    """Style the widgets for the current theme; True when dark (the note pages then render dark too)."""
    dark = is_dark()
    forced = forced_theme()
    if forced:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
    sheet = resource("app-dark.qss" if dark else "app-light.qss")
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.is_file() else "")
    return dark
