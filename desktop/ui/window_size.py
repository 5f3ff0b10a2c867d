"""A window's first size: its own default, or less on a screen too small for it (an 800×600 laptop)."""

from __future__ import annotations

from PySide6.QtCore import QSize

SCREEN_SHARE = 0.9  # of a smaller screen's free area: the window's own frame and the panel stay visible


def fitting_size(available: QSize, default: tuple[int, int]) -> tuple[int, int]:
    """`default`, each side cut to SCREEN_SHARE of the screen's free area where that is smaller."""
    return (min(default[0], int(available.width() * SCREEN_SHARE)),
            min(default[1], int(available.height() * SCREEN_SHARE)))
