"""One program per store: a second start (a .ssk double-clicked while the program is open)
hands its file to the running program and quits, instead of opening the same database twice.

The running program listens on a local socket (a named pipe on Windows) whose name is derived
from the user and the store; a second start connects, sends the path (or nothing, meaning
"show yourself") and exits.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 1500


def server_name(store_key: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name on some locked-down Windows accounts
        user = "?"
    digest = hashlib.sha256(f"{user}\n{store_key}".encode()).hexdigest()[:20]
    return f"SoSangKien-{digest}"


class SingleInstance(QObject):
    """``send`` from a second start; ``listen`` in the running program, which then emits
    ``message`` with each path handed over ("" = just come to the front)."""

    message = Signal(str)

    def __init__(self, store_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(store_key)
        self._server: QLocalServer | None = None
        self._sockets: set[QLocalSocket] = set()

    def send(self, text: str) -> bool:
        """Hand ``text`` to a running program; False when none is running."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write((text + "\n").encode("utf-8"))
        socket.flush()  # often writes it all at once; then there is nothing left to wait for
        ok = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(TIMEOUT_MS)
        socket.disconnectFromServer()
        return ok

    def listen(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A program that crashed leaves its socket file behind (Unix): take it over.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def close(self) -> None:
        for socket in list(self._sockets):
            self._drop(socket)
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._sockets.add(socket)
            socket.readyRead.connect(self._read_ready)
            if socket.bytesAvailable():
                self._read(socket)

    def _read_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return  # the rest of the line comes with the next readyRead
        line = bytes(socket.readLine().data()).decode("utf-8", "replace").rstrip("\n")
        self._drop(socket)  # one line per start: the sender has nothing more to say
        self.message.emit(line)

    def _drop(self, socket: QLocalSocket) -> None:
        self._sockets.discard(socket)
        socket.readyRead.disconnect(self._read_ready)
        socket.abort()
        socket.deleteLater()
