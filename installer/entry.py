"""Entry point of the frozen program (PyInstaller): the same ``main`` as ``sangkien``."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
