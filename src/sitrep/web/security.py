"""Who is asking, and may they: session cookies, API tokens, roles and CSRF checks.

A browser logs in and holds a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS);
every form it posts carries the session's CSRF token, and every JSON write it makes sends the
token in ``X-CSRF-Token``. A script sends ``Authorization: Bearer <token>`` instead and needs no
CSRF token, since no browser attaches that header on its own.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request

from sitrep.store.accounts import Accounts, Session, User

COOKIE = "sitrep_session"


class LoginRequired(Exception):
    """No valid session or token: pages send the browser to the login form, the API answers 401."""


class Forbidden(Exception):
    """A valid user without the role the action needs, or a write without its CSRF token."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Caller:
    user: User
    session: Session | None
    """None when the caller used an API token."""


def identify(request: Request, accounts: Accounts) -> Caller | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.token_user(header[7:].strip())
        return Caller(user, None) if user else None
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    session = accounts.session(secret)
    return Caller(session.user, session) if session else None


def require(request: Request, accounts: Accounts, role: str) -> Caller:
    caller = identify(request, accounts)
    if caller is None:
        raise LoginRequired()
    if not caller.user.can(role):
        raise Forbidden(f"this needs the {role} role; {caller.user.username} is a {caller.user.role}")
    return caller


def check_csrf(caller: Caller, offered: str | None) -> None:
    """A write from a browser session must carry that session's CSRF token."""
    if caller.session is None:
        return
    if not offered or not hmac.compare_digest(offered, caller.session.csrf):
        raise Forbidden("missing or wrong CSRF token")
