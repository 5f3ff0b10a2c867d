"""Helpers shared by the UI tests that build their own window."""

from __future__ import annotations


def wait_for_first_page(qapp, window, timeout_ms: int = 20000) -> None:
    """Wait, on the window's own signals, until it shows its first page from the full index (module fixtures
    have no qtbot). Vaults open in two stages; tests start once links, topics and backlinks are in and nothing
    is loading. `timeout_ms` bounds a failure; it is no timing."""
    from PySide6.QtCore import QEventLoop, QTimer

    shown = []
    loop = QEventLoop()

    def ready() -> bool:
        return bool(shown) and window.index is not None and window.index.complete and not window.loader.busy

    def check(*_args) -> None:
        if ready():
            loop.quit()

    def page(location) -> None:
        shown.append(location)
        check()

    window.page_shown.connect(page)
    window.vault_loaded.connect(check)
    bound = QTimer(singleShot=True, interval=timeout_ms)
    bound.timeout.connect(loop.quit)
    bound.start()
    if not ready():
        loop.exec()
    bound.stop()
    window.page_shown.disconnect(page)
    window.vault_loaded.disconnect(check)
    assert shown, "the vault did not load"


def open_and_wait_for_videos(qtbot, window, root, **kwargs) -> None:
    """Open `root` and wait until its page is on screen as rendered with the vault's videos listed (a note's
    strip comes with them): the page shown after `videos_changed`, which shows a page they change once more
    (a note without a video stays as it was shown)."""
    seen = {"videos": False, "shown": False}

    def listed(_videos) -> None:
        seen["videos"] = True

    def shown(_location) -> None:
        seen["shown"] = seen["shown"] or seen["videos"]

    window.session.videos_changed.connect(listed)
    window.page_shown.connect(shown)
    try:
        window.open_vault(root, **kwargs)
        qtbot.waitUntil(lambda: seen["shown"] or (seen["videos"] and window.shown is not None and not
                                                  window.changes_with_videos(window.shown, window.session.videos)),
                        timeout=20000)
    finally:
        window.session.videos_changed.disconnect(listed)
        window.page_shown.disconnect(shown)


def open_window(qtbot, tmp_path, root, note: str | None = None, renderer: str = "text", **options):
    """A window of its own settings (in `tmp_path`), shown, not watching, on `root` with its first page up
    (`note` opened, else the vault's first)."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    window = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False,
                        watch=False, **options)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.open_vault(root, note=note) if note else window.open_vault(root)
    return window


def focused_note(qtbot, win):
    """The widget that has the focus once the note view is focused (Chromium's own widget in the web view)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    win.view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and (QApplication.focusWidget() is win.view or win.view.isAncestorOf(QApplication.focusWidget())))
    return QApplication.focusWidget()


def settle(qtbot, window, width: int, height: int, check=lambda sizes: True) -> None:
    """Resize, and wait until the splitter's panes fill its width and pass `check` (it lays them out a pass
    of the event loop after the resize)."""
    window.resize(width, height)

    def laid_out() -> bool:
        sizes = window.main_splitter.sizes()
        filled = abs(sum(sizes) + 2 * window.main_splitter.handleWidth() - window.main_splitter.width()) <= 2
        return window.width() == width and filled and check(sizes)

    qtbot.waitUntil(laid_out, timeout=5000)


def window_without_vault(qtbot, tmp_path):
    """A window with its menus and actions and no vault open: for what its menus and F1 list."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    window = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), remember_layout=False)
    qtbot.addWidget(window)
    return window
