"""The window's actions, menus and toolbar, apart from the layout (as qutebrowser and napari keep them).

Each shortcut belongs to exactly one action, once: Qt calls two bindings of one key an "ambiguous shortcut
overload" and runs neither (Back's standard key on X11 is Alt+Left itself).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QMainWindow, QToolBar

ICON_SIZE = 24


def unique_keys(*sequences: QKeySequence | QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """The key sequences, each once, empty ones dropped (a standard key may be the same as an explicit one)."""
    keys: list[QKeySequence] = []
    for sequence in sequences:
        if isinstance(sequence, QKeySequence.StandardKey):
            found = QKeySequence.keyBindings(sequence)
        else:
            found = [QKeySequence(sequence)]
        keys.extend(key for key in found if not key.isEmpty() and key not in keys)
    return keys


def arrow_icon(direction: str, palette: QPalette) -> QIcon:
    """A Back or Forward arrow drawn in the palette's text colour (enabled) and a faint one (disabled):
    the style's stock arrows were darker when enabled than disabled in the dark theme."""
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    faint = QColor(text)
    faint.setAlphaF(0.32 if dark else 0.28)
    icon = QIcon()
    for mode, color in ((QIcon.Mode.Normal, text), (QIcon.Mode.Active, text), (QIcon.Mode.Disabled, faint)):
        icon.addPixmap(_arrow(direction, color), mode)
    return icon


def _arrow(direction: str, color: QColor) -> QPixmap:
    scale = 2  # drawn at twice the size: sharp on high-density screens too
    size = ICON_SIZE * scale
    pixmap = QPixmap(size, size)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath()
    left, right, mid = 5.0, ICON_SIZE - 5.0, ICON_SIZE / 2
    if direction == "back":
        path.moveTo(QPointF(right, mid))
        path.lineTo(QPointF(left, mid))
        path.moveTo(QPointF(left + 7, mid - 7))
        path.lineTo(QPointF(left, mid))
        path.lineTo(QPointF(left + 7, mid + 7))
    else:
        path.moveTo(QPointF(left, mid))
        path.lineTo(QPointF(right, mid))
        path.moveTo(QPointF(right - 7, mid - 7))
        path.lineTo(QPointF(right, mid))
        path.lineTo(QPointF(right - 7, mid + 7))
    painter.drawPath(path)
    painter.end()
    return pixmap


class WindowActions:
    """Every action of the main window, put in its menus and toolbar; the window connects them."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.back = QAction("Back", window)
        self.back.setShortcuts(unique_keys(QKeySequence.StandardKey.Back, "Alt+Left"))
        self.forward = QAction("Forward", window)
        self.forward.setShortcuts(unique_keys(QKeySequence.StandardKey.Forward, "Alt+Right"))
        self.switcher = QAction("Quick Switcher…", window, shortcut=QKeySequence("Ctrl+O"))
        self.filter = QAction("Filter Notes", window, shortcut=QKeySequence("Ctrl+L"))
        self.open_vault = QAction("Open Vault…", window, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.settings = QAction("Settings…", window, shortcut=QKeySequence("Ctrl+,"),
                                menuRole=QAction.MenuRole.PreferencesRole)
        self.search = QAction("Search Vault…", window, shortcut=QKeySequence("Ctrl+Shift+F"))
        self.find = QAction("Find in Page…", window, statusTip="Find words in the page on screen")
        self.find.setShortcuts(unique_keys(QKeySequence.StandardKey.Find, "Ctrl+F"))
        # The stamp panel's own key (it acts on the selected row): live while the panel has the focus
        self.stamp_video_page = QAction("Video Page of Selected Stamp", window,
                                        shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                                        statusTip="The page of the video the selected stamp cites")
        self.stamp_video_page.setShortcuts(unique_keys("Ctrl+Return", "Ctrl+Enter"))
        self.quit = QAction("Quit", window)
        self.quit.setShortcuts(unique_keys(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")])
        self.next_pane = QAction("Next Pane", window, shortcut=QKeySequence("F6"))
        self.previous_pane = QAction("Previous Pane", window, shortcut=QKeySequence("Shift+F6"))
        self.player = QAction("Video Player", window, shortcut=QKeySequence("Ctrl+Shift+V"), checkable=True)
        self.follow = QAction("Follow Video", window, checkable=True, checked=True,
                              statusTip="Select the stamp being said and show it in the note while a video plays")
        self.outline = QAction("Outline", window, checkable=True, checked=True,
                               statusTip="The page's headings under the note tree: a click scrolls the note there")
        self.video_page = QAction("Video Page of This Note", window, shortcut=QKeySequence("Ctrl+Shift+Y"),
                                  enabled=False, statusTip="Every note on this note's video, on one timeline")
        self.graph = QAction("Graph", window, shortcut=QKeySequence("Ctrl+G"),
                             statusTip="Every note and topic of the vault in a window of its own")
        self.local_graph = QAction("Local Graph", window, checkable=True, checked=True,
                                   statusTip="The page's links and backlinks as a graph, under the backlinks")
        self.shortcuts = QAction("Keyboard Shortcuts", window)
        self.shortcuts.setShortcuts(unique_keys(QKeySequence.StandardKey.HelpContents, "F1"))
        self.about = QAction("About Note Reader", window, menuRole=QAction.MenuRole.AboutRole)
        self.warnings = QAction("Vault Warnings…", window, enabled=False)

        menu_bar = window.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.open_vault)
        self.recent_menu = file_menu.addMenu("Recent &Vaults")
        file_menu.addSeparator()
        file_menu.addAction(self.settings)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        go_menu = menu_bar.addMenu("&Go")
        for action in (self.back, self.forward, self.switcher, self.filter, self.search, self.find,
                       self.video_page, self.stamp_video_page, self.next_pane, self.previous_pane):
            go_menu.addAction(action)
        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(self.player)
        view_menu.addAction(self.warnings)
        view_menu.addAction(self.follow)
        view_menu.addAction(self.outline)
        view_menu.addAction(self.local_graph)
        view_menu.addAction(self.graph)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts)
        help_menu.addAction(self.about)
        for action in (self.back, self.forward, self.switcher, self.filter, self.next_pane, self.previous_pane,
                       self.settings, self.player, self.shortcuts, self.search, self.find, self.video_page,
                       self.graph, self.quit):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)  # shortcuts work wherever the focus is, menu bar shown or not

        # The ones that mean the same from the app's other windows (the Graph): quitting, opening a note or a
        # vault, history, settings, the shortcut list. Added to such a window, their shortcuts work there too.
        self.everywhere = (self.back, self.forward, self.switcher, self.open_vault, self.settings, self.shortcuts,
                           self.quit)

        self.toolbar = QToolBar("Navigation", window, objectName="navigation", movable=False)
        self.toolbar.addAction(self.back)
        self.toolbar.addAction(self.forward)
        self.toolbar.addAction(self.switcher)
        window.addToolBar(self.toolbar)
        self.update_icons()

    def update_icons(self) -> None:
        """Draw Back and Forward for the current palette (called again when the theme changes)."""
        palette = self.window.palette()
        self.back.setIcon(arrow_icon("back", palette))
        self.forward.setIcon(arrow_icon("forward", palette))
