"""Small dialogs. Each offers a classmethod ``ask(...)`` returning a value or None."""
