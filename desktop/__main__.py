"""Entry point for `python -m desktop`."""

import sys

from desktop.cli import main

if __name__ == "__main__":  # worker processes import this module too; they must not start the app
    sys.exit(main())
