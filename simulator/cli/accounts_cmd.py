"""`defuse accounts ...`: the admin's commands for accounts and teams (the Accounts page does the same)."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from simulator.cli.output import console, fail
from simulator.cli.practice_cmd import open_store
from simulator.storage.accounts import (
    ROLES,
    AccountError,
    AccountView,
    account_named,
    add_account,
    add_team,
    list_accounts,
    update_account,
)
from simulator.storage.coaching import coach_teams, set_coach_teams, teams

accounts = typer.Typer(
    help="Accounts and teams for sign-in: trainees, coaches and admins.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

ROLE_HELP = f"One of {', '.join(ROLES)}."


def _password(stdin: bool) -> str:
    """A new password: typed twice at a terminal, or one line on standard input."""
    if stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line.strip():
            fail("no password on standard input; pipe one line, or run at a terminal to type it")
        return line.rstrip("\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != password:
        fail("the two passwords differ; nothing was saved")
    return password


def _said(view: AccountView, verb: str) -> None:
    team = f", team {view.team}" if view.team else ""
    off = ", disabled" if view.disabled else ""
    console.print(f"{verb} {view.username} ({view.role}{team}{off})", markup=False)


@accounts.command("add")
def add(
    username: Annotated[str, typer.Argument(help="2-64 letters, digits, '.', '_' or '-'.")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)] = "trainee",
    team: Annotated[str | None, typer.Option("--team", help="An existing team.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    no_password: Annotated[
        bool,
        typer.Option(
            "--no-password",
            help="Sign in through the organisation's identity provider only (st.login); "
            "the username is the email address.",
        ),
    ] = False,
) -> None:
    """Create an account; the first one turns sign-in on in the web app."""
    store = open_store()
    password = None if no_password else _password(password_stdin)
    try:
        _said(add_account(store, username, password, role, team), "added")
    except AccountError as exc:
        fail(f"{exc}; nothing was saved")


@accounts.command("set")
def set_(
    username: str,
    role: Annotated[str | None, typer.Option("--role", help=ROLE_HELP)] = None,
    team: Annotated[str | None, typer.Option("--team", help="Move to this team.")] = None,
    disable: Annotated[
        bool, typer.Option("--disable", help="Stop the account signing in (signs it out).")
    ] = False,
    enable: Annotated[bool, typer.Option("--enable", help="Let it sign in again.")] = False,
    password: Annotated[
        bool, typer.Option("--password", help="Set a new password (typed or from stdin).")
    ] = False,
) -> None:
    """Change an account's role, team, password or whether it may sign in."""
    if disable and enable:
        fail("--disable and --enable cannot both be given")
    store = open_store()
    new_password = _password(stdin=False) if password else None
    try:
        view = update_account(
            store,
            username,
            role=role,
            team=team,
            disabled=True if disable else False if enable else None,
            password=new_password,
        )
    except AccountError as exc:
        fail(f"{exc}; nothing was changed")
    _said(view, "updated")


@accounts.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every account with its role and team, and the teams a coach reviews."""
    store = open_store()
    views = list_accounts(store)
    reviews = {v.username: coach_teams(store, v.username) if v.reviews else [] for v in views}
    if as_json:
        rows = [
            {
                "username": v.username,
                "role": v.role,
                "team": v.team,
                "disabled": v.disabled,
                "reviews": reviews[v.username],
            }
            for v in views
        ]
        console.print(json.dumps({"accounts": rows, "teams": teams(store)}), markup=False)
        return
    table = Table("username", "role", "team", "reviews", "disabled")
    for v in views:
        every = "every team" if v.role == "admin" else ""
        table.add_row(
            v.username,
            v.role,
            v.team or "",
            ", ".join(reviews[v.username]) or every,
            "yes" if v.disabled else "",
        )
    console.print(table)
    console.print(f"teams: {', '.join(teams(store)) or 'none yet'}", markup=False)


@accounts.command("add-team")
def add_team_(name: str) -> None:
    """Create a team (accounts and drills then choose it from the list)."""
    store = open_store()
    try:
        console.print(f"added team {add_team(store, name)}", markup=False)
    except AccountError as exc:
        fail(str(exc))


@accounts.command("coach-teams")
def coach_teams_(
    username: str,
    team: Annotated[list[str] | None, typer.Argument(help="Teams this coach reviews.")] = None,
) -> None:
    """Set the teams a coach reviews (none: the coach sees no team's calls)."""
    store = open_store()
    try:
        view = account_named(store, username)
        if view is None or not view.reviews:
            raise AccountError(f"{username!r} is not a coach or admin account")
        chosen = set_coach_teams(store, view.username, team or [])
    except AccountError as exc:
        fail(f"{exc}; nothing was changed")
    console.print(f"{username} reviews: {', '.join(chosen) or 'no team'}", markup=False)


def register(application: typer.Typer) -> None:
    """Add the `accounts` command group."""
    application.add_typer(accounts, name="accounts")
