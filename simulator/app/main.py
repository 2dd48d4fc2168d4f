"""Defuse in the browser: `streamlit run streamlit_app.py`, `defuse app` or `make run`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from simulator.app import (
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
    coach_only: bool = False


PAGES = (
    PageSpec("Practice", practice_page.render, ":material/call:", "practice"),
    PageSpec("My progress", progress_page.render, ":material/trending_up:", "progress"),
    PageSpec("Drills", drills_page.render, ":material/assignment:", "drills"),
    PageSpec("Content", content_page.render, ":material/library_books:", "content"),
    PageSpec("Review", review_page.render, ":material/rate_review:", "review", coach_only=True),
    PageSpec("Team dashboard", dashboard_page.render, ":material/monitoring:", "dashboard", True),
)


def pages_for(is_coach: bool) -> list[PageSpec]:
    """The pages this user may open: coach pages only after a coach signs in."""
    return [page for page in PAGES if is_coach or not page.coach_only]


def main() -> None:
    """Build the navigation for the current user and run the chosen page."""
    st.set_page_config(page_title="Defuse", page_icon=":material/support_agent:", layout="wide")
    common.sidebar_identity()
    pages = [
        st.Page(p.render, title=p.title, icon=p.icon, url_path=p.url, default=index == 0)
        for index, p in enumerate(pages_for(common.user().is_coach))
    ]
    st.navigation(pages).run()


if __name__ == "__main__":
    main()
