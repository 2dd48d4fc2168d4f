"""`python -m simulator` runs the same CLI as the `defuse` console script."""

from simulator.cli import main

main()
