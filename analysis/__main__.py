"""``python -m analysis``: see :mod:`analysis.cli`."""
from analysis.cli import main

if __name__ == "__main__":  # a process pool's workers import this module again
    raise SystemExit(main())
