"""Hotline Console's Qt user interface (PySide6). Imports ``console``; never the reverse."""
