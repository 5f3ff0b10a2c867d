"""What the log keeps of Qt's messages (`desktop.logging_setup`)."""

from __future__ import annotations

import logging

from desktop.logging_setup import qt_message_level


def test_the_graphics_stacks_notices_of_every_start_are_info_not_warnings_on_stderr():
    """QA: every start printed four Vulkan lines and some twenty "OpenType support missing" on stderr."""
    for notice in ("Failed to load vulkan: Cannot load library vulkan: vulkan: cannot open shared object file",
                   "initInstance: No Vulkan library available", "Failed to create platform Vulkan instance",
                   "Unable to detect GPU vendor for device: Mesa/X.org llvmpipe",
                   'OpenType support missing for "Noto Color Emoji", script 11'):
        assert qt_message_level(logging.WARNING, notice) == logging.INFO
    assert qt_message_level(logging.WARNING, "QWidget::setLayout: already has a layout") == logging.WARNING
    assert qt_message_level(logging.ERROR, "Failed to load vulkan (as an error)") == logging.ERROR
