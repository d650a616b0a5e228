"""The supervisor's dock: queue health, workload and alerts."""
