"""The `vault:` URL scheme for QtWebEngine: pages are served by URL (not setHtml, which fails past ~2 MB).

`register_vault_scheme()` must run before the QApplication exists; the handler then answers requests from a
PageSource, and the interceptor keeps remote resources out unless the user allowed them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from desktop.render.linker import APP_SCHEME
from desktop.ui.runner import background

SCHEME = APP_SCHEME.encode("ascii")
Serve = Callable[[str], "tuple[bytes, str] | None"]


def register_vault_scheme() -> None:
    """Declare `vault:` to Chromium (once, before QApplication): a secure, local, host-style scheme.

    Secure so pages count as a secure context; Local so no remote page could ever load vault files.
    """
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


class VaultSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers `vault://` requests: pages through `serve(url)` (from memory, on the GUI thread), files through
    `serve_file(url)` on a worker (reading a file never blocks the GUI); what neither serves is not found."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.serve: Serve | None = None
        self.serve_file: Serve | None = None

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt override)
        url = job.requestUrl().toString(job.requestUrl().ComponentFormattingOption.FullyEncoded)
        if url.startswith(f"{APP_SCHEME}://file/") and self.serve_file is not None:
            self._serve_in_background(job, url, self.serve_file)
            return
        self._reply(job, self.serve(url) if self.serve is not None else None)

    def _serve_in_background(self, job: QWebEngineUrlRequestJob, url: str, serve: Serve) -> None:
        gone = []  # Chromium drops the job when the page goes away before the file is read
        job.destroyed.connect(lambda *_args: gone.append(True))

        def answer(found) -> None:
            if not gone:
                self._reply(job, found)

        (background(lambda: serve(url), name=f"serve {url}", owner=self)
         .success(answer).failure(lambda _error: answer(None)).start())

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, answer: tuple[bytes, str] | None) -> None:
        if answer is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        body, mime = answer
        buffer = QBuffer(job)  # parented to the job so it lives exactly as long as the reply
        buffer.setData(QByteArray(body))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        content_type = f"{mime};charset=utf-8" if mime.startswith("text/") else mime
        job.reply(QByteArray(content_type.encode("ascii")), buffer)


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """Blocks every http(s) request (remote images, fonts) unless `allow_remote` is set."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_remote = False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt override)
        if info.requestUrl().scheme() in ("http", "https") and not self.allow_remote:
            info.block(True)
