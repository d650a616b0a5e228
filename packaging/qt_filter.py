"""What the PyInstaller specs leave out of a bundle, shared by ``build.spec``
and ``tools/bare_window.spec`` (so the start-up floor is measured on a bundle
trimmed exactly like the app's).

Python-level ``excludes`` barely change the size: the weight is Qt's shared
libraries, plugins and translations, which PyInstaller's PySide6 hooks collect
generously. ``filter_toc`` trims ``a.binaries`` and ``a.datas`` after the
Analysis:

* plugins: only the categories and plugins the console loads (``PLUGINS``);
* translations: only ``KEEP_TRANSLATIONS`` (nothing loads a QTranslator yet);
* Qt libraries, and the system libraries that dropped plugins linked to:
  only those still reachable, by link-time dependencies, from what is kept
  (the Python extension modules, the kept plugins, other libraries). A
  library nobody links to any more (QtQml, QtQuick, QtNetwork, QtPdf,
  QtVirtualKeyboard, QtWaylandClient, GTK and cairo for the GTK theme...)
  goes, whatever pulled it in;
* on Linux, the desk's own libraries (``system_libs.SYSTEM_LIBRARIES``: the
  X11/xcb display stack, fontconfig, D-Bus, GLib, the C++ runtime) are left
  to the system, which the ``.deb`` depends on;
* a symbolic link goes with its target.

Run by PyInstaller (``exec`` of the spec), so keep it to the standard library
and PyInstaller's own API.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from importlib.util import find_spec
from pathlib import Path, PurePosixPath

import system_libs  # packaging/, put on sys.path by the specs

# The Qt for Python modules the console imports (ui/ uses these three only).
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets")

# Always excluded, installed or not: other bindings, Tk, test libraries, and
# heavy Qt add-on modules (listed by name so that installing the full
# PySide6 instead of PySide6-Essentials cannot drag them in).
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib",
    "PyQt5", "PyQt6", "PySide2", "sip", "PyQt5.sip", "PyQt6.sip",
    "pytest", "_pytest", "pytestqt", "hypothesis", "py", "pluggy", "iniconfig",
    "PyInstaller", "setuptools", "pkg_resources", "_distutils_hack", "pip",
    "IPython", "matplotlib", "numpy",
    "pygments",  # only Mako's optional error highlighting would use it (~340 modules)
    # Debugging and test tools of the standard library, reached only through
    # phonenumbers' `if __name__ == "__main__": doctest.testmod()` (doctest
    # pulls pdb, unittest and pydoc; pdb pulls readline, which links
    # libreadline and libtinfo).
    "doctest", "pdb", "unittest", "pydoc", "pydoc_data", "readline",
    "sqlalchemy.testing", "alembic.testing",
    "PySide6.scripts", "PySide6.support.deprecated",
    *(f"PySide6.{name}" for name in (
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets",
        "QtWebView", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
        "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtQuickTest", "QtQml",
        "QtQmlFeatures", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtTextToSpeech",
        "QtCharts", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtPdf", "QtPdfWidgets",
        "QtSql", "QtBluetooth", "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort",
        "QtSerialBus", "QtNetwork", "QtNetworkAuth", "QtHttpServer", "QtRemoteObjects", "QtScxml",
        "QtStateMachine", "QtDesigner", "QtHelp", "QtUiTools", "QtTest", "QtXml", "QtSvg",
        "QtSvgWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtPrintSupport", "QtConcurrent", "QtDBus",
        "QtLabsStyleKit", "QtAxContainer", "QtCanvasPainter",
    )),
]

# Plugin category -> kept plugin stems ("libqxcb.so" and "qxcb.dll" are both
# "qxcb"); "*" keeps the whole category. A category not listed is dropped.
PLUGINS: dict[str, tuple[str, ...]] = {
    # X11 desktops (and Wayland desktops through XWayland), headless CI and
    # benchmarks (offscreen), and "minimal" for scripted runs. Native Wayland
    # would add QtWaylandClient plus three plugin folders; Windows and macOS
    # names are listed for the later installer recipes.
    "platforms": ("qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"),
    "xcbglintegrations": ("*",),  # the xcb plugin probes GLX/EGL at start-up
    # The desktop portal theme reads the system colour scheme and contrast
    # through D-Bus with no other libraries; the GTK3 theme would bring (or
    # miss, as on this build machine) GTK's own libraries, so it is left out.
    "platformthemes": ("qxdgdesktopportal",),
    # Compose keys type accented names (López); IBus serves input methods.
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"),
    # PNG is built into QtGui; SVG for scalable icons from resources/, ICO
    # for the Windows recipe's application icon.
    "imageformats": ("qsvg", "qico"),
    "iconengines": ("qsvgicon",),
    "styles": ("*",),  # none on Linux; the native style on Windows and macOS
}

# Qt's own strings (dialog buttons and the like); nothing installs a
# QTranslator yet, so only the English catalogue stays.
KEEP_TRANSLATIONS = ("qtbase_en.qm",)


def pyside6_excludes() -> list[str]:
    """EXCLUDES plus every installed Qt for Python module the console does not import."""
    names = set(EXCLUDES)
    spec = find_spec("PySide6")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for binary in Path(folder).glob("Qt*.*"):
                module = binary.name.split(".", 1)[0]
                if binary.suffix in (".so", ".pyd") and module not in QT_MODULES_USED:
                    names.add(f"PySide6.{module}")
    return sorted(names)


def _stem(name: str) -> str:
    base = name.split(".", 1)[0]
    return base[3:] if base.startswith("lib") else base


def _qt_part(dest: str) -> tuple[str, tuple[str, ...]] | None:
    """('plugins', (category, file)), ('translations', (file,)), ('lib', (file,)), ('qml', ...) or None."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    try:
        at = parts.index("PySide6")
    except ValueError:
        return None
    rest = parts[at + 1:]
    if rest[:1] == ("Qt",):
        rest = rest[1:]
        if rest and rest[0] in ("plugins", "translations", "lib", "qml", "libexec", "metatypes"):
            return rest[0], rest[1:]
        return None
    # Windows wheels keep the Qt DLLs and folders next to the Python modules.
    if rest and rest[0] in ("plugins", "translations", "qml"):
        return rest[0], rest[1:]
    if len(rest) == 1 and fnmatch.fnmatch(rest[0], "Qt6*.dll"):
        return "lib", rest
    return None


def _plugin_kept(category: str, filename: str) -> bool:
    wanted = PLUGINS.get(category)
    if not wanted:
        return False
    return "*" in wanted or _stem(filename) in wanted


def _rule_kept(dest: str) -> bool:
    part = _qt_part(dest)
    if part is None:
        return True
    kind, rest = part
    if kind == "plugins":
        return len(rest) >= 2 and _plugin_kept(rest[0], rest[-1])
    if kind == "translations":
        return bool(rest) and rest[-1] in KEEP_TRANSLATIONS
    if kind in ("qml", "libexec", "metatypes"):
        return False
    return True  # Qt libraries: decided by reachability


def _is_qt_library(dest: str) -> bool:
    part = _qt_part(dest)
    return part is not None and part[0] == "lib"


def _linked_names(src: str) -> set[str]:
    """Base names of the libraries ``src`` links to (ldd: the whole closure on Linux)."""
    from PyInstaller.depend import bindepend

    names = set()
    try:
        imports = bindepend.get_imports(src)
    except Exception as exc:  # an unreadable binary keeps everything it might need
        print(f"qt_filter: cannot read the imports of {src}: {exc}", file=sys.stderr)
        return {"*"}
    for name, path in imports:
        names.add(os.path.basename(name))
        if path:
            names.add(os.path.basename(path))
    return names


def _reachable(binaries: list[tuple], candidate) -> set[str] | None:
    """Dest names of the candidate libraries that something kept links to,
    directly or through other candidates (None: unsure, keep them all)."""
    by_name: dict[str, list[tuple]] = {}
    for entry in binaries:
        if entry[2] != "SYMLINK" and candidate(entry):
            by_name.setdefault(os.path.basename(entry[0]), []).append(entry)
    reached: set[str] = set()
    pending = [src for dest, src, kind in binaries if kind != "SYMLINK" and not candidate((dest, src, kind))]
    seen: set[str] = set()
    while pending:
        src = pending.pop()
        if src in seen:
            continue
        seen.add(src)
        names = _linked_names(src)
        if "*" in names:
            return None
        for name in names & by_name.keys():
            for dest, lib_src, _kind in by_name[name]:
                if dest not in reached:
                    reached.add(dest)
                    pending.append(lib_src)
    return reached


def _drop_dangling_links(toc: list[tuple], kept_dests: set[str]) -> list[tuple]:
    out = []
    for dest, src, kind in toc:
        if kind == "SYMLINK":
            target = os.path.normpath(os.path.join(os.path.dirname(dest), src))
            if target not in kept_dests:
                continue
        out.append((dest, src, kind))
    return out


def _size(entries) -> int:
    total = 0
    for _dest, src, kind in entries:
        if kind != "SYMLINK" and src and os.path.isfile(src):
            total += os.path.getsize(src)
    return total


def filter_toc(binaries: list[tuple], datas: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Return (binaries, datas) without the Qt parts the console never loads,
    nor the libraries only those parts needed, nor (on Linux) the desk's own."""
    dropped = [entry for entry in binaries if not _rule_kept(entry[0])]
    binaries = [entry for entry in binaries if _rule_kept(entry[0])]
    datas = [entry for entry in datas if _rule_kept(entry[0])]
    # Libraries a dropped plugin linked to (GTK and cairo for the GTK theme,
    # OpenSSL for the TLS plugin...) may now serve nobody: they are
    # candidates too, kept only if something kept still links to them.
    orphans: set[str] = set()
    for _dest, src, kind in dropped:
        if kind != "SYMLINK":
            orphans |= _linked_names(src) - {"*"}

    def candidate(entry: tuple) -> bool:
        dest, _src, kind = entry
        return kind == "BINARY" and (_is_qt_library(dest) or os.path.basename(dest) in orphans)

    reachable = _reachable(binaries, candidate)
    if reachable is not None:
        binaries = [e for e in binaries if e[2] == "SYMLINK" or not candidate(e) or e[0] in reachable]
    if sys.platform.startswith("linux"):
        binaries, _system = system_libs.drop_system_libraries(binaries)
    kept = {os.path.normpath(dest) for dest, _src, kind in [*binaries, *datas] if kind != "SYMLINK"}
    return _drop_dangling_links(binaries, kept), _drop_dangling_links(datas, kept)


def apply(analysis) -> None:
    """Filter an ``Analysis`` in place and say what went (on stderr, even at --log-level WARN)."""
    before_bin, before_dat = list(analysis.binaries), list(analysis.datas)
    binaries, datas = filter_toc(before_bin, before_dat)
    dropped = [e for e in before_bin if e not in binaries] + [e for e in before_dat if e not in datas]
    # Analysis.binaries/datas are TOC lists; assign new lists of the same tuples.
    analysis.binaries[:] = binaries
    analysis.datas[:] = datas
    mb = _size(dropped) / 1e6
    print(f"qt_filter: dropped {len(dropped)} files ({mb:.1f} MB before stripping)", file=sys.stderr)
    if os.environ.get("QT_FILTER_VERBOSE"):
        for dest, _src, _kind in sorted(dropped):
            print(f"qt_filter:   - {dest}", file=sys.stderr)
