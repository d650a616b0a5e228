"""Training and technical-assistance requests: the new-request dialog, the TTA requests window and its parts."""
