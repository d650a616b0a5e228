"""The frozen bundle's entry script: the same ``main`` as the
``hotline-console`` console script and ``python -m ui``."""

from ui.app import run

if __name__ == "__main__":
    run()
