"""The tamper-evident audit trail (docs/audit.md).

``AuditTrail.record`` writes one event in the caller's transaction, chained
to the one before by an HMAC; ``console.audit.verify`` walks the chain;
``console.audit.browse`` reads and exports it for those allowed;
``console.audit.keys`` finds the key (a file, never in the database).
Only the writing side is imported here: ``console.db`` needs it.
"""

from console.audit.actions import AuditAction
from console.audit.trail import Actor, AuditTrail

__all__ = ["Actor", "AuditAction", "AuditTrail"]
