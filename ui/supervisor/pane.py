"""The supervisor's view of the floor, refreshed every few seconds.

Health is said in words and with an icon as well as colour. A new crisis, a
minor or immediate danger raises an alert line at the top, is announced to
screen readers and flashes the window's taskbar entry until acknowledged.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from console.services.supervision import Alert, Health, Overview, SupervisionService
from ui.announce import announce
from ui.labels import label

log = logging.getLogger(__name__)
REFRESH_MS = 2000
_REASON_TEXT = {"crisis": "CRISIS", "minor": "MINOR", "immediate_danger": "IMMEDIATE DANGER"}
_HEALTH_ICON = {
    Health.GREEN: QStyle.StandardPixmap.SP_DialogApplyButton,
    Health.AMBER: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Health.RED: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def _clock(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def alert_text(alert: Alert, now: datetime) -> str:
    reasons = " · ".join(_REASON_TEXT.get(r, r) for r in alert.reasons)
    who = alert.assigned_to_name or "unassigned"
    waited = _clock(int((now - alert.received_at).total_seconds()))
    return f"#{alert.contact_id}  {reasons}  ·  {label(alert.status)} ({who})  ·  {waited}"


class SupervisorPane(QWidget):
    contact_open_requested = Signal(int)
    health_changed = Signal(str)  # "green" / "amber" / "red" and why, for the status bar

    def __init__(self, supervision: SupervisionService, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self._supervision, self._worker = supervision, worker
        self._seen_alerts: set[int] | None = None  # None until the first overview
        self._busy = False
        self.health = QLabel(objectName="supervisorHealth", wordWrap=True)
        self.health.setAccessibleName(self.tr("Queue health"))
        self.health_icon = QLabel(objectName="supervisorHealthIcon")
        self.new_alert = QLabel(objectName="supervisorNewAlert", wordWrap=True)
        self.new_alert.setAccessibleName(self.tr("New alert"))
        self.new_alert.hide()
        self.acknowledge = QPushButton(self.tr("Acknowledge alert"), objectName="supervisorAcknowledge")
        self.acknowledge.setAccessibleName(self.tr("Acknowledge alert"))
        self.acknowledge.hide()
        self.counts = QLabel(objectName="supervisorCounts", wordWrap=True)
        self.counts.setAccessibleName(self.tr("Queue counts"))
        self.alerts = QListWidget(objectName="supervisorAlerts")
        self.alerts.setAccessibleName(self.tr("Contacts that need a supervisor"))
        self.workload = QListWidget(objectName="supervisorWorkload")
        self.workload.setAccessibleName(self.tr("Who is working on what"))
        layout = QVBoxLayout(self)
        health_row = QHBoxLayout()
        health_row.addWidget(self.health_icon, 0, Qt.AlignmentFlag.AlignTop)
        health_row.addWidget(self.health, 1)
        layout.addLayout(health_row)
        for widget in (self.new_alert, self.acknowledge, self.counts):
            layout.addWidget(widget)
        layout.addWidget(QLabel(self.tr("Needs a supervisor (Enter opens)")))
        layout.addWidget(self.alerts, 2)
        layout.addWidget(QLabel(self.tr("Working on")))
        layout.addWidget(self.workload, 1)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh_now)
        self.acknowledge.clicked.connect(self._on_acknowledge_clicked)
        self.alerts.itemActivated.connect(self._on_alert_activated)

    def start(self) -> None:
        self.refresh_now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh_now(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._worker.submit(self._supervision.overview, self._on_overview, self._on_failed, owner=self)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("the supervisor overview could not be read", exc_info=exc)
        self.health.setText(self.tr("Queue health unknown: the database cannot be read right now."))

    def _on_overview(self, view: Overview) -> None:
        self._busy = False
        self._show_health(view)
        waiting, working = view.by_status.get("waiting", 0), view.by_status.get("in_progress", 0)
        parts = [
            self.tr("Waiting %1 · In progress %2").replace("%1", str(waiting)).replace("%2", str(working)),
            " · ".join(f"{label(p)} {view.by_priority.get(p, 0)}" for p in ("crisis", "urgent", "non_urgent")),
        ]
        if view.longest_wait_seconds is not None:
            parts.append(self.tr("Longest wait %1 (#%2)").replace("%1", _clock(view.longest_wait_seconds))
                         .replace("%2", str(view.longest_wait_contact_id)))
        if view.overdue_ids:
            parts.append(self.tr("Overdue follow-ups: %1").replace("%1", ", ".join(f"#{i}" for i in view.overdue_ids)))
        if view.follow_up_tasks_overdue:
            parts.append(self.tr("Overdue follow-up tasks: %1").replace("%1", str(view.follow_up_tasks_overdue)))
        self.counts.setText("\n".join(parts))
        self._show_alerts(view)
        self.workload.clear()
        for load in view.workload:
            QListWidgetItem(f"{load.display_name}: " + ", ".join(f"#{i}" for i in load.contact_ids), self.workload)

    def _show_health(self, view: Overview) -> None:
        icon = self.style().standardIcon(_HEALTH_ICON[view.health])
        self.health_icon.setPixmap(icon.pixmap(20, 20))
        text = self.tr("Queue health: %1 — %2").replace("%1", view.health.value.upper()).replace("%2", view.health_reason)
        self.health.setText(text)
        self.health_changed.emit(f"{view.health.value}: {view.health_reason}")

    def _show_alerts(self, view: Overview) -> None:
        now = datetime.now(timezone.utc)
        self.alerts.clear()
        for alert in view.alerts:
            item = QListWidgetItem(alert_text(alert, now), self.alerts)
            item.setData(Qt.ItemDataRole.UserRole, alert.contact_id)
        ids = {a.contact_id for a in view.alerts}
        if self._seen_alerts is not None:
            fresh = [a for a in view.alerts if a.contact_id not in self._seen_alerts]
            if fresh:
                self._raise_alert(fresh, now)
        self._seen_alerts = ids if self._seen_alerts is None else self._seen_alerts | ids

    def _raise_alert(self, fresh: list[Alert], now: datetime) -> None:
        text = self.tr("NEW ALERT: %1").replace("%1", "; ".join(alert_text(a, now) for a in fresh))
        self.new_alert.setText(text)
        self.new_alert.show()
        self.acknowledge.show()
        window = self.window()
        QApplication.alert(window, 0)  # the taskbar entry flashes until the window is used
        announce(self.new_alert, text, assertive=True)

    def _on_acknowledge_clicked(self) -> None:
        self.new_alert.hide()
        self.acknowledge.hide()

    def _on_alert_activated(self, item: QListWidgetItem) -> None:
        self.contact_open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
