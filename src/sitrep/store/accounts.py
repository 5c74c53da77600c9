"""Accounts for the workspace: users with roles, login sessions and API tokens.

Passwords are hashed with Argon2id (argon2-cffi). Session ids and API tokens are random
(``secrets``) and stored only as SHA-256 digests, so the database alone opens no session.
Roles are ordered: a viewer reads, an analyst also reviews and corrects, an admin also manages
accounts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from sitrep.errors import ReviewError
from sitrep.store import schema as t
from sitrep.store.db import Store

ROLES = ("viewer", "analyst", "admin")
SESSION_HOURS = 12
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
MIN_PASSWORD = 10
_USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user holds ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class Accounts:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.hasher = PasswordHasher()

    def add_user(self, username: str, password: str, role: str) -> User:
        if role not in ROLES:
            raise ReviewError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        if not username or not set(username) <= _USERNAME_CHARS or len(username) > 80:
            raise ReviewError("a username is lower-case letters, digits, '.', '_' or '-', at most 80")
        if len(password) < MIN_PASSWORD:
            raise ReviewError(f"a password needs {MIN_PASSWORD} characters at least")
        try:
            with self.store.engine.begin() as conn:
                conn.execute(
                    t.users.insert().values(
                        username=username,
                        password_hash=self.hasher.hash(password),
                        role=role,
                        created_at=_now(),
                        disabled=False,
                    )
                )
        except IntegrityError as exc:
            raise ReviewError(f"user {username!r} exists already") from exc
        return User(username, role)

    def users(self) -> list[tuple[User, bool]]:
        """Every account with whether it is disabled."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.users).order_by(t.users.c.username)).all()
        return [(User(r.username, r.role), bool(r.disabled)) for r in rows]

    def set_role(self, username: str, role: str) -> None:
        if role not in ROLES:
            raise ReviewError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        self._change(username, role=role)

    def disable(self, username: str) -> None:
        """No more logins or token use; open sessions and tokens are revoked."""
        self._change(username, disabled=True)
        with self.store.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.username == username))
            conn.execute(delete(t.api_tokens).where(t.api_tokens.c.username == username))

    def _change(self, username: str, **values: object) -> None:
        with self.store.engine.begin() as conn:
            done = conn.execute(update(t.users).where(t.users.c.username == username).values(**values))
        if done.rowcount == 0:
            raise ReviewError(f"no user {username!r}")

    def authenticate(self, username: str, password: str) -> User | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
        if row is None:
            # The same work as a real check, so response time does not tell who has an account.
            self.hasher.hash(password)
            return None
        try:
            self.hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if row.disabled:
            return None
        return User(row.username, row.role)

    def open_session(self, user: User) -> tuple[str, Session]:
        """A new login session: (the secret for the cookie, the session with its CSRF token)."""
        secret = secrets.token_urlsafe(32)
        session = Session(user, secrets.token_urlsafe(32), _now() + timedelta(hours=SESSION_HOURS))
        with self.store.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < _now()))
            conn.execute(
                t.sessions.insert().values(
                    digest=_digest(secret),
                    username=user.username,
                    csrf=session.csrf,
                    created_at=_now(),
                    expires_at=session.expires_at,
                )
            )
        return secret, session

    def session(self, secret: str) -> Session | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(t.sessions, t.users.c.role, t.users.c.disabled)
                .join(t.users, t.users.c.username == t.sessions.c.username)
                .where(t.sessions.c.digest == _digest(secret))
            ).first()
        if row is None or row.disabled or row.expires_at < _now():
            return None
        return Session(User(row.username, row.role), row.csrf, row.expires_at)

    def close_session(self, secret: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.digest == _digest(secret)))

    def new_token(self, username: str, label: str | None = None) -> str:
        """An API token for scripts, shown once; it acts with the user's role."""
        secret = "srt_" + secrets.token_urlsafe(32)
        try:
            with self.store.engine.begin() as conn:
                conn.execute(
                    t.api_tokens.insert().values(
                        digest=_digest(secret), username=username, label=label, created_at=_now()
                    )
                )
        except IntegrityError as exc:
            raise ReviewError(f"no user {username!r}") from exc
        return secret

    def token_user(self, secret: str) -> User | None:
        digest = _digest(secret)
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(t.users.c.username, t.users.c.role, t.users.c.disabled, t.api_tokens.c.last_used_at)
                .join(t.api_tokens, t.api_tokens.c.username == t.users.c.username)
                .where(t.api_tokens.c.digest == digest)
            ).first()
        if row is None or row.disabled:
            return None
        # "Last used" to the nearest few minutes: a write on every request would cost more
        # than the request itself.
        if row.last_used_at is None or row.last_used_at < _now() - TOKEN_USE_RESOLUTION:
            with self.store.engine.begin() as conn:
                conn.execute(
                    update(t.api_tokens).where(t.api_tokens.c.digest == digest).values(last_used_at=_now())
                )
        return User(row.username, row.role)
