"""Resource library materials on the contact (Outcome section): each row the
item's title, how it was sent (email, post, link) and to whom, and Remove.

Rows come from the library pane's Send (Ctrl+Shift+M), like referrals from
the directory; they are stored with the contact when it is saved.
"""

from __future__ import annotations

from dataclasses import replace

from console.services.intake.form import MaterialInput
from console.vocabulary import SendMethod
from ui.intake.entries import EntryList, EntryRow, escape

MATERIAL_FIELDS = ("title", "method", "recipient")  # the service's field names under materials.<n>.


class MaterialRow(EntryRow):
    def __init__(self, material: MaterialInput) -> None:
        super().__init__(f"<b>{escape(material.title)}</b>", SendMethod, material.method, material.recipient,
                         self.tr("To whom (optional)"), "materials")
        self.material = material

    def key(self) -> object:
        return self.material.item_id

    def set_names(self, at: str) -> None:
        self.setObjectName(at)
        self.choice.setObjectName(f"{at}.method")
        self.text.setObjectName(f"{at}.recipient")
        self.remove.setObjectName(f"{at}.remove")
        self.error.setObjectName(f"error_{at}")
        what = self.material.title
        self.choice.setAccessibleName(self.tr("How {0} was sent").format(what))
        self.text.setAccessibleName(self.tr("Who {0} was sent to").format(what))
        self.remove.setAccessibleName(self.tr("Remove {0} from the contact").format(what))

    def value(self) -> MaterialInput:
        return replace(self.material, method=self.choice.code(), recipient=self.text.text())


class MaterialList(EntryList):
    """The library materials on this contact; a label's buddy (focus goes to the first method)."""

    def __init__(self) -> None:
        super().__init__("materials", self.tr("None yet. Send an item from the library (Ctrl+Shift+M)."),
                         MaterialRow)
