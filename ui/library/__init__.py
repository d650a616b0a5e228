"""The resource library pane: search the hotline's materials mid-call, read
an item, send it on the open contact; staff add, edit and retire items."""
