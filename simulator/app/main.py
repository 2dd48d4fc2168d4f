"""Defuse in the browser: `streamlit run streamlit_app.py`, `defuse app` or `make run`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from simulator.app import (
    accounts_page,
    common,
    content_page,
    dashboard_page,
    drills_page,
    practice_page,
    progress_page,
    review_page,
)


@dataclass(frozen=True)
class PageSpec:
    """One page of the app."""

    title: str
    render: Callable[[], None]
    icon: str
    url: str
    role: str = common.TRAINEE
    """Who may open it: trainee (everyone signed in), coach (coaches and admins) or admin."""

    def allowed(self, me: common.User) -> bool:
        """True when this user may open the page."""
        return {
            common.TRAINEE: True,
            common.COACH: me.is_coach,
            common.ADMIN: me.is_admin,
        }[self.role]


PAGES = (
    PageSpec("Practice", practice_page.render, ":material/call:", "practice"),
    PageSpec("My progress", progress_page.render, ":material/trending_up:", "progress"),
    PageSpec("Drills", drills_page.render, ":material/assignment:", "drills"),
    PageSpec("Content", content_page.render, ":material/library_books:", "content"),
    PageSpec("Review", review_page.render, ":material/rate_review:", "review", common.COACH),
    PageSpec(
        "Team dashboard", dashboard_page.render, ":material/monitoring:", "dashboard", common.COACH
    ),
    PageSpec("Accounts", accounts_page.render, ":material/group:", "accounts", common.ADMIN),
)


def pages_for(me: common.User) -> list[PageSpec]:
    """The pages shown in this user's menu (the others can still be opened by URL)."""
    return [page for page in PAGES if me.known and page.allowed(me)]


log = logging.getLogger("defuse.app")


def failed(where: str) -> str:
    """A page failed: the user gets one short line with a reference, the log gets the rest.

    Never a traceback on the page (client.showErrorDetails is off too); the reference finds
    the details in the server's log. Everything already stored (turns, grades) is kept.
    """
    reference = uuid.uuid4().hex[:8]
    log.exception("page %r failed (reference %s)", where, reference)
    st.error(
        f"Something went wrong on this page (reference {reference}). What you did before is "
        "saved; reload the page to carry on, and give the reference to whoever runs Defuse."
    )
    return reference


def _guarded(page: PageSpec) -> Callable[[], None]:
    """The page, or the sign-in form, or a notice: a bookmarked URL always has an answer."""

    def run() -> None:
        me = common.user()
        if not me.known:
            common.sign_in_page()
        elif not page.allowed(me):
            st.title(page.title)
            common.require_admin() if page.role == common.ADMIN else common.require_coach()
        else:
            try:
                page.render()
            except Exception:  # Streamlit's own reruns and stops are BaseExceptions: not caught
                failed(page.title)

    run.__name__ = f"page_{page.url}"  # Streamlit names a callable page after its function
    return run


def main() -> None:
    """Build the navigation for the current user and run the chosen page."""
    st.set_page_config(page_title="Defuse", page_icon=":material/support_agent:", layout="wide")
    common.shell()
    common.restore_sign_in()
    common.sidebar_identity()
    shown = set(map(id, pages_for(common.user())))
    pages = [
        st.Page(
            _guarded(p),
            title=p.title,
            icon=p.icon,
            url_path=p.url,
            default=index == 0,
            visibility="visible" if id(p) in shown else "hidden",
        )
        for index, p in enumerate(PAGES)
    ]
    st.session_state["_pages"] = {p.url: page for p, page in zip(PAGES, pages, strict=True)}
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
