"""Accounts, roles, teams and sign-in: the one owner of who may see what.

An account has a username, a password (hashed with argon2id), a role and, for a trainee, a
team. The username is also the name the account's calls are stored under. Signing in gives a
random token; only its SHA-256 is stored, with an expiry, so a stolen database holds no
usable session. Wrong passwords are throttled per account in the database (every app
process sees the same count): a few free tries, then a wait that doubles, each one logged.

While no account exists the app runs as open practice (anyone types a name, the old coach
passcode guards coach pages); the first account, made with `defuse accounts add`, turns
sign-in on.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from simulator.models.untrusted import storable_text
from simulator.storage.config import passcode_problem
from simulator.storage.schema import Account, SignInSession, Team, Trainee, now
from simulator.storage.store import StorageError, Store

TRAINEE, COACH, ADMIN = "trainee", "coach", "admin"
ROLES = (TRAINEE, COACH, ADMIN)
"""Trainees practise and read their own calls; coaches also review their teams' calls;
admins also manage accounts and teams, and see every team."""

SESSION_HOURS = 12
"""How long a sign-in lasts (a working day), reloads and bookmarks included."""
FREE_ATTEMPTS = 3
"""Wrong passwords allowed before any wait."""
FIRST_WAIT_S = 5.0
MAX_WAIT_S = 15 * 60.0
"""The longest lockout: the wait doubles with each further failure up to this."""

USERNAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{1,99}")
"""A username, or an email address for someone who signs in through an identity provider."""
NO_PASSWORD = "!"
"""The stored hash of an account with no password (it signs in through the organisation's
identity provider only): no password ever matches it."""
TEAM_NAME = re.compile(r"\S(.{0,98}\S)?")

log = logging.getLogger("defuse.sign_in")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
"""Checked against when the username is unknown, so a miss takes as long as a wrong password."""


class AccountError(StorageError):
    """A change to accounts or teams that cannot be made; the message says why and what to do."""


def wait_after(failures: int) -> float:
    """Seconds the next attempt must wait after ``failures`` wrong ones in a row."""
    extra = failures - FREE_ATTEMPTS
    return 0.0 if extra < 0 else min(MAX_WAIT_S, FIRST_WAIT_S * 2**extra)


@dataclass(frozen=True)
class AccountView:
    """What the app needs to know about a signed-in account."""

    username: str
    role: str
    team: str | None
    disabled: bool = False

    @property
    def reviews(self) -> bool:
        """Coaches and admins review calls."""
        return self.role in (COACH, ADMIN)


@dataclass(frozen=True)
class SignIn:
    """The result of a sign-in attempt: an account and its token, or why not."""

    account: AccountView | None = None
    token: str | None = None
    refused: str | None = None
    wait_s: float = 0.0


def normal_username(raw: str) -> str:
    """A username as stored: trimmed and lower case."""
    return raw.strip().lower()


def username_problem(username: str) -> str | None:
    """Why a username cannot be used, or None."""
    if not USERNAME.fullmatch(username):
        return (
            "a username is 2-100 characters: letters, digits, '.', '_', '-', or an email "
            "address, starting with a letter or digit"
        )
    return None


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _team_name(db: Session, trainee_team_id: int | None) -> str | None:
    if trainee_team_id is None:
        return None
    return db.scalar(select(Team.name).where(Team.id == trainee_team_id))


def _view(db: Session, account: Account) -> AccountView:
    team_id = db.scalar(select(Trainee.team_id).where(Trainee.name == account.username))
    return AccountView(account.username, account.role, _team_name(db, team_id), account.disabled)


# --- teams -------------------------------------------------------------------------------


def add_team(store: Store, name: str) -> str:
    """Create a team; refused when it exists or the name is blank or too long.

    The name is stored as practice stores names (storable_text): bytes that were not UTF-8
    as U+FFFD, no control characters.
    """
    name = storable_text(name).strip()
    if not TEAM_NAME.fullmatch(name):
        raise AccountError("a team name is 1-100 characters and not blank")
    with store.transaction() as db:
        if db.scalar(select(Team.id).where(func.lower(Team.name) == name.lower())) is not None:
            raise AccountError(f"there is already a team called {name!r}")
        db.add(Team(name=name))
    return name


def existing_team(db: Session, name: str) -> Team:
    """The team called ``name`` (any case); AccountError naming the teams when there is none."""
    team = db.scalar(select(Team).where(func.lower(Team.name) == name.strip().lower()))
    if team is None:
        known = ", ".join(db.scalars(select(Team.name).order_by(Team.name))) or "none yet"
        raise AccountError(
            f"there is no team called {name.strip()!r} (teams: {known}); "
            "add it first with `defuse accounts add-team`"
        )
    return team


# --- accounts ----------------------------------------------------------------------------


def accounts_exist(store: Store) -> bool:
    """True once any account exists: the app then asks everyone to sign in.

    Asked on every page of every rerun; once true it stays true (no account is ever
    removed, the last admin stays), so the store remembers it and asks the database no more.
    """
    if store.accounts_seen:
        return True
    with store.reading() as db:
        store.accounts_seen = db.scalar(select(Account.id).limit(1)) is not None
    return store.accounts_seen


def add_account(
    store: Store,
    username: str,
    password: str | None,
    role: str = TRAINEE,
    team: str | None = None,
) -> AccountView:
    """Create an account (and its trainee row, in an existing team).

    ``password`` None makes an account that signs in through the organisation's identity
    provider only (Streamlit's st.login); its username is the email address it signs in with.
    """
    username = normal_username(username)
    problem = (
        username_problem(username)
        or (None if role in ROLES else f"a role is one of {', '.join(ROLES)}; got {role!r}")
        or (None if password is None else passcode_problem(password, "password"))
    )
    if problem:
        raise AccountError(problem)
    with store.transaction() as db:
        if db.scalar(select(Account.id).where(Account.username == username)) is not None:
            raise AccountError(f"there is already an account called {username!r}")
        team_row = existing_team(db, team) if team else None
        person = store.trainee_row(db, username)  # safe against a call starting at once
        person.role = role
        if team_row is not None:
            person.team_id = team_row.id
        hashed = NO_PASSWORD if password is None else _hasher.hash(password)
        account = Account(username=username, role=role, password_hash=hashed)
        db.add(account)
        db.flush()
        return _view(db, account)


def _account(db: Session, username: str) -> Account:
    account = db.scalar(select(Account).where(Account.username == normal_username(username)))
    if account is None:
        raise AccountError(f"there is no account called {normal_username(username)!r}")
    return account


def update_account(
    store: Store,
    username: str,
    *,
    role: str | None = None,
    team: str | None = None,
    disabled: bool | None = None,
    password: str | None = None,
) -> AccountView:
    """Change an account's role, team, password or whether it may sign in.

    Disabling an account or changing its password signs it out everywhere.
    """
    if role is not None and role not in ROLES:
        raise AccountError(f"a role is one of {', '.join(ROLES)}; got {role!r}")
    if password is not None and (problem := passcode_problem(password, "password")):
        raise AccountError(problem)
    with store.transaction() as db:
        account = _account(db, username)
        if role is not None:
            if account.role == ADMIN and role != ADMIN:
                _keep_an_admin(db, account)
            account.role = role
        if team is not None:
            team_row = existing_team(db, team)
            person = db.scalar(select(Trainee).where(Trainee.name == account.username))
            if person is None:
                person = Trainee(name=account.username, role=account.role)
                db.add(person)
            person.team_id = team_row.id
        if disabled is not None:
            if disabled and account.role == ADMIN:
                _keep_an_admin(db, account)
            account.disabled = disabled
        if password is not None:
            account.password_hash = _hasher.hash(password)
            account.failed_attempts, account.locked_until = 0, None
        if disabled or password is not None:
            db.execute(delete(SignInSession).where(SignInSession.account_id == account.id))
        db.flush()
        return _view(db, account)


def _keep_an_admin(db: Session, account: Account) -> None:
    others = db.scalar(
        select(func.count(Account.id)).where(
            Account.role == ADMIN, Account.id != account.id, Account.disabled.is_(False)
        )
    )
    if not others:
        raise AccountError(f"{account.username!r} is the only admin; make another admin first")


def list_accounts(store: Store) -> list[AccountView]:
    """Every account, by username."""
    with store.reading() as db:
        return [
            _view(db, account) for account in db.scalars(select(Account).order_by(Account.username))
        ]


# --- sign-in -----------------------------------------------------------------------------

_unknown_lock = threading.Lock()
_unknown_failures: dict[str, tuple[int, datetime]] = {}
"""Failures for usernames with no account, per process: throttled like real ones, so a
guesser learns nothing from the wait either."""


def _unknown(username: str, at: datetime, failed: bool) -> float:
    with _unknown_lock:
        count, until = _unknown_failures.get(username, (0, at))
        if failed:
            count += 1
            until = at + timedelta(seconds=wait_after(count))
            _unknown_failures[username] = (count, until)
        return max(0.0, (until - at).total_seconds())


def sign_in(store: Store, username: str, password: str, at: datetime | None = None) -> SignIn:
    """Check a username and password; a right pair gives a new session token.

    Every refusal says the same thing for an unknown username and a wrong password.
    """
    at = at or now()
    username = normal_username(username)
    refused = "that username and password do not match an account"
    with store.transaction() as db:
        account = db.scalar(select(Account).where(Account.username == username))
        if account is None:
            wait = _unknown(username, at, failed=False)
            if wait > 0:
                return SignIn(refused=_too_many(wait), wait_s=wait)
            _verify(_DUMMY_HASH, password)
            wait = _unknown(username, at, failed=True)
            log.warning("sign-in failed for an unknown username; next attempt in %.0f s", wait)
            return SignIn(refused=refused, wait_s=wait)
        if account.locked_until is not None and account.locked_until > at:
            wait = (account.locked_until - at).total_seconds()
            return SignIn(refused=_too_many(wait), wait_s=wait)
        if not _verify(account.password_hash, password) or account.disabled:
            account.failed_attempts += 1
            wait = wait_after(account.failed_attempts)
            account.locked_until = at + timedelta(seconds=wait) if wait else None
            log.warning(
                "sign-in failed for %r (%d in a row); next attempt in %.0f s",
                username,
                account.failed_attempts,
                wait,
            )
            return SignIn(refused=refused, wait_s=wait)
        if account.failed_attempts:
            log.info("sign-in for %r after %d failures", username, account.failed_attempts)
        account.failed_attempts, account.locked_until = 0, None
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        token = secrets.token_urlsafe(32)
        db.execute(delete(SignInSession).where(SignInSession.expires_at < at))
        db.add(
            SignInSession(
                token_hash=_hash_token(token),
                account_id=account.id,
                created_at=at,
                expires_at=at + timedelta(hours=SESSION_HOURS),
            )
        )
        return SignIn(account=_view(db, account), token=token)


def _too_many(wait: float) -> str:
    return f"too many wrong passwords; try again in {max(1, round(wait))} seconds"


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def account_named(store: Store, username: str) -> AccountView | None:
    """The account with this username (or email), or None when there is none or it is off."""
    with store.reading() as db:
        account = db.scalar(select(Account).where(Account.username == normal_username(username)))
        if account is None or account.disabled:
            return None
        return _view(db, account)


def session_account(
    store: Store, token: str | None, at: datetime | None = None
) -> AccountView | None:
    """The account a session token belongs to, or None (unknown, expired, or disabled)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    at = at or now()
    with store.reading() as db:
        row = db.scalar(select(SignInSession).where(SignInSession.token_hash == _hash_token(token)))
        if row is None or row.expires_at <= at:
            return None
        account = db.get(Account, row.account_id)
        if account is None or account.disabled:
            return None
        return _view(db, account)


def sign_out(store: Store, token: str | None) -> None:
    """End a session (its token no longer signs anyone in)."""
    if not token:
        return
    with store.transaction() as db:
        db.execute(delete(SignInSession).where(SignInSession.token_hash == _hash_token(token)))
