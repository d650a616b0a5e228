"""The library's filters, under the search box: topic, audience, language,
kind, and for staff "Show retired". Tab walks them in that order; typing on
a list selects by prefix; a change searches at once. No Alt+letters (the
intake form owns them); each caption is its field's buddy, so screen
readers name every control.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from console.services.library import LibraryQuery
from console.vocabulary import LibraryAudience, LibraryKind, LibraryTopic
from ui.filter_combo import filter_combo
from ui.intake.fields import language_choices
from ui.labels import choices, label
from ui.library.model import language_name


class LibraryFilters(QObject):
    changed = Signal()

    def __init__(self, pane: QWidget, form: QFormLayout, *, staff: bool):
        super().__init__(pane)
        self.topic_combo = self._combo(pane, "libraryTopic", self.tr("Topic filter"), choices(LibraryTopic))
        self.audience_combo = self._combo(pane, "libraryAudience", self.tr("Audience filter"),
                                          choices(LibraryAudience))
        self.language_combo = self._combo(pane, "libraryLanguage", self.tr("Language filter"), language_choices())
        self.kind_combo = self._combo(pane, "libraryKind", self.tr("Kind filter"), choices(LibraryKind))
        rows = [(self.tr("Topic"), self.topic_combo), (self.tr("For"), self.audience_combo),
                (self.tr("Language"), self.language_combo), (self.tr("Kind"), self.kind_combo)]
        self.retired_check: QCheckBox | None = None
        if staff:
            self.retired_check = QCheckBox(self.tr("Show retired items"), pane, objectName="libraryShowRetired")
            self.retired_check.setAccessibleName(self.tr("Show retired items"))
            self.retired_check.setAccessibleDescription(self.tr("Staff only: retired items can be restored."))
            self.retired_check.toggled.connect(self.changed)
            rows.append((self.tr("Retired"), self.retired_check))
        for text, field in rows:
            caption = QLabel(text, pane)
            caption.setBuddy(field)
            form.addRow(caption, field)

    def _combo(self, pane: QWidget, name: str, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
        return filter_combo(pane, name, accessible, self.tr("Any"), items, self.changed)

    def query(self, text: str) -> LibraryQuery:
        return LibraryQuery(
            text, self.topic_combo.currentData(), self.audience_combo.currentData(),
            self.language_combo.currentData(), self.kind_combo.currentData(),
            include_retired=self.retired_check is not None and self.retired_check.isChecked(),
        )

    def summary(self, query: LibraryQuery) -> str:
        """" · Minors · Spanish": what every result met."""
        parts = [label(code) for code in (query.topic, query.audience, query.kind) if code]
        if query.language:
            parts.append(language_name(query.language))
        if query.include_retired:
            parts.append(self.tr("retired items shown"))
        return "".join(" · " + part for part in parts)
