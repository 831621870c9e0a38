"""Real processes and sockets for the fault tests: the app under gunicorn, an HTTP
client that keeps its cookies like a tablet's browser, and a TCP proxy that can cut the
app off from PostgreSQL and put it back."""

from __future__ import annotations

import http.cookiejar
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JSON = {"Accept": "application/json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """A client with a cookie jar. Answers ``(status, body)``; 4xx/5xx are answers,
    a dropped connection raises ``OSError`` (as ``http.client`` does)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None,
                timeout: float = 30) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def login(self, username: str, password: str) -> None:
        status, _ = self.request("/login", {"username": username, "password": password})
        assert status == 200, status


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py`` on a free port, the testing configuration,
    ``DATABASE_URL`` as given. The log goes to ``log_path`` (shown when a test fails)."""

    def __init__(self, url: str, log_path: Path, workers: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": url, "MEET_BIND": f"127.0.0.1:{self.port}",
               "MEET_WORKERS": str(workers), "MEET_TIMEOUT": "60"}
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
             "meet:create_app('testing')"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def healthy(self) -> bool:
        try:
            return Http(self.base).request("/healthz", timeout=5)[0] == 200
        except OSError:
            return False

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log_text()}")
            if self.healthy():
                return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn not ready in {timeout}s:\n{self.log_text()}")

    def serving(self, pid: int) -> bool:
        """Has worker ``pid`` accepted a connection (is it inside a request)?
        /proc/net/tcp lists the established connections to our port with their socket
        inodes; /proc/<pid>/fd shows which of those sockets the worker holds."""
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            parts = line.split()
            if int(parts[1].split(":")[1], 16) == self.port and parts[3] == "01":
                inodes.add(f"socket:[{parts[9]}]")
        try:
            return any(os.readlink(fd.path) in inodes for fd in os.scandir(f"/proc/{pid}/fd"))
        except OSError:
            return False

    def wait_serving(self, pid: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not self.serving(pid):
            if time.monotonic() > deadline:
                raise AssertionError("the worker never took the request")
            time.sleep(0.02)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Proxy:
    """A TCP proxy from a local port to ``upstream``. ``cut()`` closes every connection
    and refuses new ones, as a stopped server does; ``restore()`` listens again."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.lock = threading.Lock()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.listener: socket.socket | None = None
        self.stopping = False
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by cut()
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in sel.select(timeout=1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            sel.close()
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def cut(self) -> None:
        if self.listener is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass

    def close(self) -> None:
        self.cut()
