"""The Linux desk's own libraries: what the bundle leaves to the system, and
what a built bundle links to that it does not carry.

Qt's window on X11 sits on the desktop's display stack (X11/xcb, xkbcommon,
fontconfig and FreeType, EGL/GL, D-Bus, GLib) and on the C and C++ runtimes.
PyInstaller collects whichever of those it finds on the build machine, so the
bundle's content used to depend on what happened to be installed there, and a
desk would run the build machine's copies beside its own drivers (a Mesa
driver needing a newer libstdc++ than the bundled one fails to load). So
``SYSTEM_LIBRARIES`` are never bundled (``qt_filter.apply`` drops them on
Linux, in the app and in the bare window alike) and the ``.deb`` depends on
their Debian packages instead: ``packaging/deb/build_deb.py`` reads every ELF
file of the built bundle (``needed``) and turns each library it links to and
does not carry into a package with ``package_of``.

Run by PyInstaller (``exec`` of the spec) too: standard library only.
"""

from __future__ import annotations

import os
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

# soname -> Debian (bookworm) package. The display stack, the C/C++ runtimes,
# and the libraries only they link to (libsystemd for D-Bus, libpcre2 for
# GLib, libpng and brotli for FreeType...), and zlib, which the bootloader
# loads from the system before anything bundled. Python's own (lzma, bz2,
# ffi, uuid) stay bundled: the interpreter was built with them. OpenSSL and
# SQLite are left to the desk by the console alone (``LEFT_TO_THE_DESK``).
SYSTEM_LIBRARIES: dict[str, str] = {
    # C and C++ runtimes (libc's family is never bundled by PyInstaller either)
    **{name: "libc6" for name in (
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
        "libresolv.so.2", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    )},
    "libcrypt.so.1": "libcrypt1",
    "libz.so.1": "zlib1g",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    # X11 and xcb (Qt's xcb platform plugin)
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
    "libxcb.so.1": "libxcb1",
    **{f"libxcb-{ext}.so.{major}": f"libxcb-{ext}{major}" for ext, major in (
        ("cursor", 0), ("glx", 0), ("icccm", 4), ("image", 0), ("keysyms", 1), ("randr", 0), ("render", 0),
        ("shape", 0), ("shm", 0), ("sync", 1), ("util", 1), ("xfixes", 0), ("xinerama", 0), ("xinput", 0),
        ("xkb", 1),
    )},
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # OpenGL / EGL through libglvnd (PyInstaller never bundles these)
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    # Fonts
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libexpat.so.1": "libexpat1",
    # D-Bus (accessibility, the desktop portal) and GLib (Qt's event loop)
    "libdbus-1.so.3": "libdbus-1-3",
    "libsystemd.so.0": "libsystemd0",
    "libcap.so.2": "libcap2",
    "libgcrypt.so.20": "libgcrypt20",
    "libgpg-error.so.0": "libgpg-error0",
    "liblz4.so.1": "liblz4-1",
    "libzstd.so.1": "libzstd1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpcre2-8.so.0": "libpcre2-8-0",
    # PostgreSQL's client library: psycopg (its pure-Python implementation)
    # loads the desk's libpq with ctypes, so OpenSSL and Kerberos fixes come
    # with the system's updates instead of a private copy in psycopg_binary.
    "libpq.so.5": "libpq5",
}

# Python's own OpenSSL and SQLite, which the console (not the bare window:
# ``build.spec`` drops them, ``qt_filter`` does not) leaves to the desk on
# Linux. The desk's libpq5 links the desk's OpenSSL, and the interpreter's
# ssl and hashlib would otherwise load the build machine's copy first, so
# libpq would run on it: with the desk's, there is one OpenSSL in the
# process and Debian's security fixes reach it (and SQLite's) without a new
# console. Both are in every Debian release the .deb targets; the build
# machine's version is the floor (``VERSIONED``).
LEFT_TO_THE_DESK: dict[str, str] = {
    "libssl.so.3": "libssl3",
    "libcrypto.so.3": "libssl3",
    "libsqlite3.so.0": "libsqlite3-0",
}

# Libraries the bundle loads by name at run time (ctypes), which no ELF file
# links to, so ``unresolved`` cannot see them: the .deb depends on them anyway.
LOADED_AT_RUN_TIME: dict[str, str] = {"libpq.so.5": "libpq5"}

# Packages whose build-machine version is the floor: they add symbols
# (glibc's GLIBC_2.x, libstdc++'s GLIBCXX_3.4.x) that the bundle's binaries
# may have been linked against. The others are bound by their soname.
VERSIONED = ("libc6", "libstdc++6", "libgcc-s1", "libssl3", "libsqlite3-0")

_SHT_DYNAMIC, _DT_NEEDED = 6, 1


def needed(path: str | os.PathLike) -> list[str] | None:
    """The DT_NEEDED sonames of an ELF file, or None if it is not one."""
    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 52 or head[:4] != b"\x7fELF":
            return None
        is64, endian = head[4] == 2, "<" if head[5] == 1 else ">"
        if is64:
            shoff, = struct.unpack_from(endian + "Q", head, 0x28)
            shentsize, shnum = struct.unpack_from(endian + "HH", head, 0x3A)
            sh_fmt, dyn_fmt = endian + "IIQQQQIIQQ", endian + "qQ"
        else:
            shoff, = struct.unpack_from(endian + "I", head, 0x20)
            shentsize, shnum = struct.unpack_from(endian + "HH", head, 0x2E)
            sh_fmt, dyn_fmt = endian + "IIIIIIIIII", endian + "iI"
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        sections = [struct.unpack_from(sh_fmt, table, i * shentsize) for i in range(shnum)]
        names: list[str] = []
        for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
            if kind != _SHT_DYNAMIC:
                continue
            strtab = sections[link]
            f.seek(strtab[4])
            strings = f.read(strtab[5])
            f.seek(offset)
            dynamic = f.read(size)
            step = struct.calcsize(dyn_fmt)
            for at in range(0, len(dynamic) - step + 1, step):
                tag, value = struct.unpack_from(dyn_fmt, dynamic, at)
                if tag == 0:
                    break
                if tag == _DT_NEEDED:
                    names.append(strings[value:strings.index(b"\0", value)].decode())
        return names


def unresolved(folder: Path) -> dict[str, list[str]]:
    """Sonames the ELF files under ``folder`` link to that no file there is
    named after, each with the bundle files that need it. The program at the
    top (PyInstaller's bootloader) starts before it points the loader at
    ``_internal/``: whatever it links to comes from the system."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    carried = {p.name for p in folder.rglob("*")}
    missing: dict[str, list[str]] = {}
    for path in files:
        for soname in needed(path) or ():
            if soname not in carried or path.parent == folder:
                missing.setdefault(soname, []).append(str(path.relative_to(folder)))
    return missing


def _dpkg_owner(soname: str) -> str | None:
    """The installed package that ships ``soname`` on this machine (merged /usr or not)."""
    try:
        cache = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    for line in cache.splitlines():
        name, _, path = line.strip().partition(" => ")
        if name.split(" ", 1)[0] != soname:
            continue
        for candidate in (path, path.removeprefix("/usr"), "/usr" + path):
            found = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False)
            if found.returncode == 0:
                return found.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def package_of(soname: str) -> str | None:
    """The Debian package for a soname: the table first, else this machine's dpkg."""
    return SYSTEM_LIBRARIES.get(soname) or LEFT_TO_THE_DESK.get(soname) or _dpkg_owner(soname)


def installed_upstream_version(package: str) -> str | None:
    """``2.36`` for libc6 ``2.36-9+deb12u13`` (epoch kept, Debian revision dropped)."""
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                          capture_output=True, text=True, check=False)
    version = done.stdout.strip()
    if done.returncode or not version:
        return None
    return version.rsplit("-", 1)[0] if "-" in version else version


def is_system_library(name: str) -> bool:
    return name in SYSTEM_LIBRARIES


def drop_system_libraries(binaries: Iterable[tuple]) -> tuple[list[tuple], list[tuple]]:
    """(kept, dropped) of a TOC: the desk's own libraries go (Linux only)."""
    kept, dropped = [], []
    for entry in binaries:
        (dropped if is_system_library(os.path.basename(entry[0])) else kept).append(entry)
    return kept, dropped
