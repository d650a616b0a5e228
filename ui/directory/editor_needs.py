"""The editor's page of what a service is for: the hotline's categories, the
populations it serves and the languages it offers, each a checkable list
(Tab to it, arrows to move, Space to tick; Alt+letter from anywhere on
the page). What the search filters by: the saved ticks are found at once.
"""

from __future__ import annotations

from console.services.directory_edit_needs import NeedsForm
from console.vocabulary import LANGUAGE_NAMES, Population, ServiceCategory
from ui.directory.editor_checklist import CheckList
from ui.intake.fields import Section, language_choices, note_label
from ui.labels import choices


class NeedsPage(Section):
    def __init__(self) -> None:
        super().__init__("needs")
        self.categories = CheckList(choices(ServiceCategory), rows=5)
        self.populations = CheckList(choices(Population), rows=3)
        self.languages = CheckList(language_choices(), rows=7)
        self.row(self.tr("&Categories"), self.categories, "needs.categories", accessible=self.tr("Service categories"),
                 note=note_label(self.tr("The help it gives. Space ticks or unticks the highlighted one.")))
        self.row(self.tr("&Serves"), self.populations, "needs.populations", accessible=self.tr("Populations served"))
        self.row(self.tr("&Languages"), self.languages, "needs.languages", accessible=self.tr("Languages offered"),
                 note=note_label(self.tr("Spoken by staff or through an interpreter the service provides.")))

    def values(self) -> NeedsForm:
        return NeedsForm(self.categories.codes(), self.populations.codes(), self.languages.codes())

    def fill(self, form: NeedsForm) -> None:
        self.categories.set_codes(form.categories)
        self.populations.set_codes(form.populations)
        self.languages.set_codes(form.languages, lambda code: f"{LANGUAGE_NAMES.get(code, code)} ({code})")
