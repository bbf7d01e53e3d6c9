"""Entry point of the bundled app: the same command line as `duchaban` (no arguments: the window)."""

import sys

from duchaban.cli import main

if __name__ == "__main__":
    sys.exit(main())
