"""A local stand-in for GitHub Pages serving a project site from a gh-pages tree."""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = ("text/", "application/json", "application/javascript", "application/xml")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """GitHub Pages' rules for a project site: everything lives under /<repository>/; a folder
    asked for without its trailing slash is redirected (301); a folder serves its index.html;
    a miss answers 404 with the root's 404.html; symlinks are never served; text is gzipped for
    clients that accept it."""

    root: Path
    prefix: str

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        found = self.lookup(path)
        if isinstance(found, str):
            self.send_response(301)
            self.send_header("Location", found)
            self.end_headers()
            return
        status, file = (200, found) if found else (404, self.root / "404.html")
        content = file.read_bytes() if file.is_file() else b"File not found"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            content = gzip.compress(content, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def lookup(self, path: str) -> Path | str | None:
        """The file to serve, the address to redirect to, or None for a miss."""
        if path + "/" == self.prefix:
            return self.prefix
        if not path.startswith(self.prefix) or ".." in path.split("/"):
            return None
        target = self.root
        for part in filter(None, path[len(self.prefix) :].split("/")):
            target = target / part
            if target.is_symlink():
                return None
        if target.is_dir():
            if not path.endswith("/"):
                return path + "/"
            target = target / "index.html"
        return target if target.is_file() and not target.is_symlink() else None


@contextmanager
def serve_pages(tree: Path, repository: str) -> Iterator[str]:
    """Serve a gh-pages tree as https://OWNER.github.io/REPOSITORY/; yields the local address
    standing for it (ending in /REPOSITORY/)."""
    handler = type("Handler", (PagesHandler,), {"root": tree, "prefix": f"/{repository}/"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{repository}/"
    finally:
        server.shutdown()
        server.server_close()
