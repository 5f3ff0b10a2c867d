"""Light or dark: the user's choice (Settings: system, light, dark); NOTE_READER_THEME=dark|light overrides
it (for screenshots, tests)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.paths import resource, resources_dir

THEME_ENV = "NOTE_READER_THEME"
FOCUS_RING = {False: "#2563eb", True: "#4c8dff"}  # light, dark: the keyboard focus ring of the style sheets
FOCUS_FRAME_PX = 2  # the note view's and the graph's focus frame: always this wide (no shift as focus moves)


def forced_theme() -> str | None:
    value = os.environ.get(THEME_ENV, "").strip().lower()
    return value if value in ("dark", "light") else None


def system_is_dark() -> bool:
    """The platform's colour scheme when it says, else whether the window background is dark."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def chosen_theme(choice: str = "system") -> str:
    """"light" or "dark", or "system": the environment's override first, then the user's choice."""
    forced = forced_theme()
    if forced:
        return forced
    return choice if choice in ("light", "dark") else "system"


def is_dark(choice: str = "system") -> bool:
    theme = chosen_theme(choice)
    return theme == "dark" if theme != "system" else system_is_dark()


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


class _SystemLook:
    """The style and palette the app started with, to go back to when the user returns to "system"."""

    style: str | None = None
    palette: QPalette | None = None
    changed = False


def apply_theme(app: QApplication, choice: str = "system") -> bool:
    """Style the widgets for `choice` ("system", "light", "dark"); True when dark (the pages then render dark).

    A chosen theme uses Fusion with our palette, so it looks the same whatever the platform; "system" puts
    back the platform's own style and palette.
    """
    theme = chosen_theme(choice)
    if _SystemLook.style is None:
        _SystemLook.style = app.style().name()
        _SystemLook.palette = QPalette(app.palette())
    if theme != "system":
        dark = theme == "dark"
        app.setStyle(QStyleFactory.create("Fusion"))
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
        _SystemLook.changed = True
    else:
        if _SystemLook.changed:
            if hasattr(app.styleHints(), "unsetColorScheme"):  # Qt 6.8+
                app.styleHints().unsetColorScheme()
            app.setStyle(QStyleFactory.create(_SystemLook.style) or QStyleFactory.create("Fusion"))
            app.setPalette(_SystemLook.palette)
            _SystemLook.changed = False
        dark = system_is_dark()
    app.setStyleSheet(stylesheet(dark))
    return dark


def focus_ring_colour(dark: bool) -> QColor:
    """The colour of the keyboard focus ring in the light or dark theme (for views that paint their own frame)."""
    return QColor(FOCUS_RING[dark])


def focus_frame_rules(dark: bool) -> str:
    """The text note view's focus frame: a border always as wide, coloured only while the view has the focus.
    (The web view and the graph paint theirs: a QWebEngineView has no frame of its own to style.)"""
    return (f"\nTextNoteView {{ border: {FOCUS_FRAME_PX}px solid transparent; }}\n"
            f"TextNoteView:focus {{ border-color: {FOCUS_RING[dark]}; }}\n")


def stylesheet(dark: bool) -> str:
    """The widgets' style sheet of the light or dark theme, its pictures (a check mark) named by absolute path
    (`@resources@`): Qt reads a relative `url()` against the working folder."""
    sheet = resource("app-dark.qss" if dark else "app-light.qss")
    text = sheet.read_text(encoding="utf-8") if sheet.is_file() else ""
    return text.replace("@resources@", resources_dir().as_posix()) + focus_frame_rules(dark)
