"""The frozen bundle's entry script: the same ``main`` as the
``hotline-console`` console script and ``python -m ui``."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
