"""``make bench``: the console's speed figures, one JSON object a line."""
