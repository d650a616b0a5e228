"""The audit trail in the window: a banner when the chain is broken, and the
Audit trail window (View ▸ Audit trail…) for supervisors and admins."""
