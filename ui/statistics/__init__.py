"""The statistics window: suppressed counts over a period, tables, bar charts, exports."""
