"""The live queue pane and its table model."""

from ui.queue.model import QueueModel
from ui.queue.pane import QueuePane

__all__ = ["QueueModel", "QueuePane"]
