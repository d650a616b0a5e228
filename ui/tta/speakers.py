"""The Speakers tab of a TTA request: trainers, speakers and TA providers from
the referral directory (category "training & speakers"), about the request's
topic near its event (``console.services.tta_speakers``, which searches with
the directory's own search). The words and state start from the request and
can be changed; the line above the results says in words how wide the search
had to go. Selecting a hit shows how to reach it (the directory's details).
Below them, "People" lists the directory's persons at those trainers and
those whose title or department names the topic; selecting one shows their
title, organization, phones and email (withheld ones say so)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.directory import DirectoryService
from console.services.tta import TtaItem
from console.services.tta_speakers import (
    IN_STATE,
    TOPIC_IN_STATE,
    TOPIC_NATIONWIDE,
    TrainerSearch,
    find_trainers,
    topic_words,
)
from ui.directory.details import details_html, person_html
from ui.directory.model import (
    COL_CATEGORIES,
    COL_DISTANCE,
    COL_HOURS,
    COL_ORGANIZATION,
    ServiceHitModel,
)
from ui.intake.fields import CodeCombo, state_choices
from ui.tables import RowRole, list_table
from ui.tta import people_model
from ui.tta.people_model import PersonHitModel

log = logging.getLogger(__name__)


class SpeakersPanel(QWidget):
    searched = Signal(object)  # TrainerSearch

    def __init__(self, directory: DirectoryService, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ttaSpeakers")
        self._directory, self._worker = directory, worker
        self._seq = 0
        self.words = QLineEdit(objectName="ttaSpeakerWords", clearButtonEnabled=True)
        self.words.setAccessibleName(self.tr("Topic words to search trainers by"))
        self.state = CodeCombo(state_choices(), blank=self.tr("— anywhere —"))
        self.state.setObjectName("ttaSpeakerState")
        self.state.setAccessibleName(self.tr("Event state"))
        self.search_button = QPushButton(self.tr("Searc&h trainers"), objectName="ttaSpeakerSearch")
        self.search_button.setAccessibleName(self.tr("Search the directory for trainers and speakers"))
        self.model = ServiceHitModel(self)
        self.table = list_table(self, "ttaSpeakerResults", self.tr("Trainers and speakers found"), self.model,
                                {COL_DISTANCE: 0, COL_HOURS: 0, COL_CATEGORIES: 0}, padding=0)
        for col in (COL_DISTANCE, COL_HOURS, COL_CATEGORIES):
            self.table.hideColumn(col)
        self.table.horizontalHeader().setSectionResizeMode(COL_ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.people_model = PersonHitModel(self)
        self.people = list_table(self, "ttaSpeakerPeople", self.tr("People at those trainers or named for the topic"),
                                 self.people_model, {people_model.COL_NAME: 18, people_model.COL_TITLE: 24,
                                                     people_model.COL_PHONE: 18, people_model.COL_EMAIL: 24},
                                 padding=12)
        self.people.horizontalHeader().setSectionResizeMode(people_model.COL_ORGANIZATION,
                                                             QHeaderView.ResizeMode.Stretch)
        self.people.selectionModel().currentRowChanged.connect(self._on_current_person_changed)
        self.contact = QTextBrowser(objectName="ttaSpeakerContact", openLinks=False)
        self.contact.setAccessibleName(self.tr("How to reach the selected trainer or person"))
        self.result = QLabel(objectName="ttaSpeakerResult", wordWrap=True)
        self.result.setAccessibleName(self.tr("Trainer search result"))
        form = QFormLayout()
        words_label, state_label = QLabel(self.tr("Topic &words")), QLabel(self.tr("Event sta&te"))
        words_label.setBuddy(self.words)
        state_label.setBuddy(self.state)
        form.addRow(words_label, self.words)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.search_button)
        form.addRow(state_label, row)
        people_box = QWidget(self)
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_label = QLabel(self.tr("&People"))
        people_label.setBuddy(self.people)
        people_layout.addWidget(people_label)
        people_layout.addWidget(self.people, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self, childrenCollapsible=False)
        splitter.addWidget(self.table)
        splitter.addWidget(people_box)
        splitter.addWidget(self.contact)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(splitter, 1)
        self.words.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        for table in (self.table, self.people):  # the details follow the list in use, not the last one moved in
            table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.table, self.people):
            current = watched.currentIndex()
            if current.isValid():
                show = self._on_current_row_changed if watched is self.table else self._on_current_person_changed
                show(current, current)
        return super().eventFilter(watched, event)

    def set_request(self, item: TtaItem | None) -> None:
        """Start from the request's topic and event state (the search runs when asked)."""
        self.words.setText(topic_words(item.topic) if item is not None else "")
        self.state.set_code(item.event_state if item is not None else "")
        self.model.set_rows([])
        self.people_model.set_rows([])
        self.contact.clear()
        self.result.setText(self.tr("Search for trainers about the topic near the event (Alt+H)."))

    def search(self) -> None:
        self._seq += 1
        seq, words, state = self._seq, self.words.text(), self.state.code() or None
        self.result.setText(self.tr("Searching…"))
        self._worker.submit(lambda: find_trainers(self._directory, words, state),
                            lambda found: self._on_found(seq, found), self._on_failed, owner=self)

    def _on_found(self, seq: int, found: TrainerSearch) -> None:
        if seq != self._seq:
            return
        self.model.set_rows(found.hits)
        self.people_model.set_rows(found.people)
        n = str(len(found.hits))
        where, words = found.state or "", found.words
        text = {
            TOPIC_IN_STATE: self.tr("%1 trainer(s) in %2 about “%3”."),
            IN_STATE: self.tr("None about “%3” in %2: %1 trainer(s) in %2 on any topic."),
            TOPIC_NATIONWIDE: self.tr("None in %2: %1 trainer(s) about “%3” elsewhere."),
        }.get(found.scope, self.tr("%1 trainer(s) nationwide (none nearer or on the topic)."))
        if not found.hits:
            text = self.tr("No trainers or speakers in the directory yet.")
        if found.people:
            text += " " + self.tr("%4 person(s) below: at those trainers or named for the topic (Alt+P).")
        self.result.setText(text.replace("%1", n).replace("%2", where or self.tr("the state"))
                            .replace("%3", words).replace("%4", str(len(found.people))))
        first = (self.table, self.model) if found.hits else (self.people, self.people_model)
        if first[1].rowCount():
            first[0].selectionModel().setCurrentIndex(
                first[1].index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.searched.emit(found)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.data(current, RowRole) if current.isValid() else None
        if hit is None:
            self.contact.clear()
            return
        self._worker.submit(lambda: self._directory.details(hit.service_id),
                            lambda d: self.contact.setHtml(details_html(d)), self._on_failed, owner=self)

    def _on_current_person_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        person = self.people_model.data(current, RowRole) if current.isValid() else None
        if person is not None:  # everything is in the row: no query
            self.contact.setHtml(person_html(person))

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("trainer search failed", exc_info=exc)
        self.result.setText(str(exc) if isinstance(exc, ConsoleError)
                            else self.tr("The directory cannot be searched right now."))
