"""The window carries the console's icon, the same file the .deb installs for its menu entry."""

from __future__ import annotations

from ui.app import app_icon


def test_the_icon_is_the_shipped_svg_and_renders(qapp):
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(48, 48).toImage()
    assert image.width() == 48
    # Drawn, not blank: the SVG engine is there and read the file.
    assert len({image.pixel(x, y) for x in range(0, 48, 4) for y in range(0, 48, 4)}) > 2
