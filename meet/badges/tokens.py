"""Badge tokens and the URL a badge's QR code carries.

A token is 9 random bytes from :mod:`secrets`, written as 12 URL-safe characters (72 bits:
not guessable, not forgeable). It means nothing by itself and grants nothing but the
look-up of the badge's public page. 12 characters keep the QR code at version 3 with
error correction Q for a typical ``https://host/badge/<token>``, so a phone reads it at
arm's length and through a crease.
"""

from __future__ import annotations

import re
import secrets

TOKEN_BYTES = 9
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{12,32}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: str) -> bool:
    """A cheap test before the database is asked: anything else is INVALID at once."""
    return bool(TOKEN_RE.match(token or ""))


def public_base_url(meet, config: dict, host_url: str = "") -> str:
    """Where the meet is reachable: the meet's own setting, else the app's
    ``MEET_PUBLIC_BASE_URL``, else the host of the request that asked for the print."""
    base = (getattr(meet, "public_base_url", "") or config.get("MEET_PUBLIC_BASE_URL", "")
            or host_url)
    return base.rstrip("/")


def badge_url(base_url: str, token: str) -> str:
    return f"{base_url}/badge/{token}"


def token_from_scan(text: str) -> str:
    """The token in what a camera read: a whole badge URL or the bare token."""
    text = (text or "").strip()
    if "/badge/" in text:
        text = text.rsplit("/badge/", 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0].strip("/")
