"""Static files with content-hashed names, served precompressed with far-future caching.

At start-up every file under ``static/`` is read once, hashed and compressed (brotli and
gzip); templates call ``asset_url('css/dclic.css')`` which yields
``/static/css/dclic.3f2a9c1e.css``. A changed file gets a new name, so browsers may keep
each one for a year. The folder holds only our small, hand-written files.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, abort, request, url_for
from werkzeug.wrappers import Response

IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = (".css", ".js", ".svg", ".json", ".txt", ".xml", ".map")


@dataclass(frozen=True)
class Asset:
    """One static file held in memory with its compressed variants."""

    hashed_name: str
    mimetype: str
    raw: bytes
    br: bytes | None
    gz: bytes | None
    etag: str


def _hashed(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def make_asset(name: str, raw: bytes) -> Asset:
    """An asset named ``name`` (its plain name) holding ``raw``, hashed and compressed."""
    digest = hashlib.sha256(raw).hexdigest()[:10]
    compress = name.endswith(COMPRESSIBLE) and len(raw) > 256
    return Asset(
        hashed_name=_hashed(name, digest),
        mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream",
        raw=raw,
        br=brotli.compress(raw, quality=11) if compress else None,
        gz=gzip.compress(raw, compresslevel=9, mtime=0) if compress else None,
        etag=digest,
    )


def load_assets(folder: Path) -> dict[str, Asset]:
    """Read, hash and compress every file under ``folder``; keyed by the plain name."""
    return {
        path.relative_to(folder).as_posix(): make_asset(
            path.relative_to(folder).as_posix(), path.read_bytes()
        )
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    }


class AssetStore:
    """The loaded assets of one app, and the view that serves them."""

    def __init__(self, folder: Path):
        self.assets = load_assets(folder)
        self.by_hashed = {a.hashed_name: a for a in self.assets.values()}

    def add_bundle(self, name: str, parts: tuple[str, ...]) -> bool:
        """Serve the scripts ``parts`` joined as one file ``name``: one request instead of
        several on a slow link. False (nothing added) when a part is missing."""
        if any(part not in self.assets for part in parts):
            return False
        raw = b"\n;\n".join(self.assets[part].raw.rstrip() for part in parts) + b"\n"
        bundle = make_asset(name, raw)
        self.assets[name] = bundle
        self.by_hashed[bundle.hashed_name] = bundle
        return True

    def url(self, name: str) -> str:
        """The URL of a static file by its plain name (raises KeyError for an unknown one)."""
        return url_for("static", filename=self.assets[name].hashed_name)

    def serve(self, filename: str) -> Response:
        asset = self.by_hashed.get(filename)
        if asset is None:
            abort(404)
        accepted = request.accept_encodings
        body, encoding = asset.raw, None
        if asset.br and accepted["br"]:
            body, encoding = asset.br, "br"
        elif asset.gz and accepted["gzip"]:
            body, encoding = asset.gz, "gzip"
        response = Response(body, mimetype=asset.mimetype)
        response.set_etag(f"{asset.etag}-{encoding or 'identity'}")
        response.headers["Cache-Control"] = IMMUTABLE
        if asset.br:
            response.vary.add("Accept-Encoding")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        return response.make_conditional(request)


def init_app(app: Flask, folder: Path) -> None:
    """Serve ``folder`` at ``/static/<hashed name>`` and expose ``asset_url`` to templates."""
    store = AssetStore(folder)
    app.extensions["dclic_assets"] = store
    app.add_url_rule("/static/<path:filename>", "static", store.serve)
    app.jinja_env.globals["asset_url"] = store.url
