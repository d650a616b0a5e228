"""The intake form: the sections a specialist fills while talking to a caller.

``form_view.IntakeForm`` is the widget; it produces and consumes
``console.services.intake.form.ContactForm`` and knows nothing of the
database. Each section lives in its own module (``section_*.py``); the
shared pieces (code combos, form rows with error labels, optional
date-times, language and state names) are in ``fields.py``.
"""
