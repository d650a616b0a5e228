"""Replaces pyinstaller-hooks-contrib's phonenumbers hook, which collects every
submodule (~45 MB of geocoding, carrier and time-zone tables the console never
uses). The console parses, checks and formats numbers: that needs the region
metadata modules, which phonenumbers imports lazily by name."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules("phonenumbers.shortdata")
