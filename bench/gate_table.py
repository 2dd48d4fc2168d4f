"""Write the detector's gate table (simulator/moves/gate_table.json) after editing a rule.

Run: .venv/bin/python bench/gate_table.py
The table saves every command working out the rules' literal gates at start-up; a stale
table is ignored (slower start, same results) and tests/test_scout.py says so.
"""

from __future__ import annotations

from simulator.moves.gatetable import main

if __name__ == "__main__":
    main()
