"""Two app processes on one PostgreSQL database: no trainee turn is lost or stored twice."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from bench_load_pg import run
from sqlalchemy import select, text

from simulator.storage import Store
from simulator.storage.schema import Trainee
from tests.test_storage import NO_POSTGRES, POSTGRES

pytestmark = pytest.mark.skipif(
    not POSTGRES, reason=f"PostgreSQL storage tests not run: {NO_POSTGRES}"
)


def test_two_processes_keep_every_turn_once() -> None:
    assert POSTGRES is not None
    report = run(POSTGRES, processes=2, trainees=4, turns=3)
    assert report.first_error is None
    assert report.turns == 12
    assert (report.lost, report.duplicated, report.misordered, report.unanswered) == (0, 0, 0, 0)
    assert report.errors == 0 and report.ok


def _waiting_on_a_lock(store: Store) -> bool:
    with store.engine.connect() as conn:
        query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        return bool(conn.scalar(text(query)))


def test_two_trainees_of_a_new_team_start_at_once() -> None:
    # The first calls of a new team, in two processes: both find no team row and both insert
    # one; the second insert waits on the name's unique index and must then use the first's.
    assert POSTGRES is not None
    first, second = Store(POSTGRES), Store(POSTGRES)
    tag = uuid.uuid4().hex[:8]
    team = f"new-team-{tag}"
    with ThreadPoolExecutor(1) as pool:
        with first.transaction() as db:
            first.trainee_row(db, f"ana-{tag}", team)  # the team is inserted, not committed
            joining = pool.submit(second.ensure_trainee, f"bo-{tag}", team)
            deadline = time.monotonic() + 10
            while not _waiting_on_a_lock(first) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not joining.done(), "the second insert should wait for the first"
        joining.result(timeout=10)
    with first.reading() as db:
        rows = db.scalars(select(Trainee).where(Trainee.name.in_([f"ana-{tag}", f"bo-{tag}"])))
        teams = {row.team_id for row in rows}
    first.close()
    second.close()
    assert len(teams) == 1 and None not in teams
