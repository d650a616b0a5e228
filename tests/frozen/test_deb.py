"""The BUILT Debian package (dist/hotline-console_<version>_<arch>.deb, from
``make deb``), checked the way dpkg and a desk see it: its metadata, its
files unpacked with ``dpkg -x`` into a throwaway root and run from there with
a clean environment, and, when the tests run as root, a real install, remove
and purge with ``dpkg --root`` into a temporary folder (never this machine's
own dpkg database: the test checks that it is left as it was).

``make bundle-test`` builds the bundle and the package, then runs these. A
missing package is a failure, never a skip.
"""

from __future__ import annotations

import configparser
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.frozen.test_frozen_bundle import explain, ok

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "hotline-console"
CONFFILE = "/etc/hotline-console/settings.toml"
SETTINGS_EXAMPLE = ROOT / "resources" / "settings.example.toml"
# What Qt's xcb platform plugin links to, by Debian package: the desk must
# have each, and the bundle carries none of them (packaging/system_libs.py).
XCB_PACKAGES = ("libxcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
                "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "libxkbcommon0",
                "libxkbcommon-x11-0", "libx11-6", "libfontconfig1", "libegl1", "libdbus-1-3", "libglib2.0-0")


def _builder():
    spec = importlib.util.spec_from_file_location("build_deb", ROOT / "packaging" / "deb" / "build_deb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_deb = _builder()
PROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
VERSION = build_deb.debian_version(PROJECT_VERSION)
DEB = ROOT / "dist" / f"{PACKAGE}_{VERSION}_{build_deb.architecture()}.deb"


def require_deb() -> Path:
    if not DEB.is_file():
        pytest.fail(f"{DEB.relative_to(ROOT)} is missing: run `make deb` first", pytrace=False)
    return DEB


def dpkg_deb(option: str, *args: str) -> str:
    """``dpkg-deb <option> <the package> <args>``: its output."""
    return ok(subprocess.run(["dpkg-deb", option, str(require_deb()), *args], capture_output=True, text=True,
                             check=False)).stdout


def field(name: str) -> str:
    return dpkg_deb("--field", name).strip()


def depends() -> set[str]:
    return {part.strip().split(" ", 1)[0] for part in field("Depends").split(",")}


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("deb-root")
    ok(subprocess.run(["dpkg", "-x", str(require_deb()), str(root)], capture_output=True, text=True, check=False))
    return root


def desk_env(tmp_path: Path, site_file: Path) -> dict[str, str]:
    """A desk's environment: nothing of this checkout or its virtualenv."""
    (tmp_path / "home").mkdir(exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "HOTLINE_DATA_DIR": str(tmp_path / "data"),
        "HOTLINE_SITE_CONFIG": str(site_file),  # the packaged site file, read by the packaged program
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }


def launch(unpacked: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    launcher = unpacked / "usr" / "bin" / PACKAGE
    return subprocess.run([str(launcher), *args], env=desk_env(tmp_path, unpacked / CONFFILE.lstrip("/")),
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)


# --- metadata ---------------------------------------------------------------

def test_control_fields():
    assert field("Package") == PACKAGE
    assert field("Version") == VERSION
    assert field("Architecture") == build_deb.architecture()
    assert field("Maintainer")
    assert int(field("Installed-Size")) > 50_000  # KiB: the whole bundle is inside


def test_depends_names_qt_xcb_libraries_and_each_is_a_real_package():
    names = depends()
    assert set(XCB_PACKAGES) <= names, sorted(set(XCB_PACKAGES) - names)
    assert "libc6" in names
    # Every name is a real package of this machine's Debian: installed here, or in
    # its archive (a fresh desk need not have the xcb libraries until the .deb pulls them).
    for name in sorted(names):
        assert _debian_knows(name), f"{name} in Depends is neither installed nor in this machine's archive"


def test_openssl_and_sqlite_come_from_the_desk_at_least_as_new_as_the_build_machine(unpacked):
    # The bundle carries no OpenSSL or SQLite of its own (packaging/system_libs.py,
    # LEFT_TO_THE_DESK): the package depends on Debian's, no older than the ones built against.
    internal = unpacked / "opt" / PACKAGE / "_internal"
    carried = {p.name for p in internal.rglob("*")}
    assert not carried & {"libssl.so.3", "libcrypto.so.3", "libsqlite3.so.0"}
    entries = {part.strip().split(" ", 1)[0]: part.strip() for part in field("Depends").split(",")}
    for package in ("libssl3", "libsqlite3-0"):
        floor = build_deb.system_libs.installed_upstream_version(package)
        assert floor and entries.get(package) == f"{package} (>= {floor})", entries.get(package)


def _debian_knows(name: str) -> bool:
    for query in (["dpkg-query", "-W", name], ["apt-cache", "show", name]):
        if subprocess.run(query, capture_output=True, text=True, check=False).returncode == 0:
            return True
    return False


def test_what_the_xcb_plugin_links_to_is_bundled_or_depended_on(unpacked):
    # objdump, not the builder's own ELF reader, reads the plugin's needs.
    internal = unpacked / "opt" / PACKAGE / "_internal"
    carried = {p.name for p in internal.rglob("*")}
    names = depends()
    for binary in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
                   "PySide6/Qt/lib/libQt6Gui.so.6"):
        dump = ok(subprocess.run(["objdump", "-p", str(internal / binary)], capture_output=True, text=True,
                                 check=False)).stdout
        for soname in (line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")):
            if soname in carried:
                continue
            owner = build_deb.system_libs.package_of(soname)
            assert owner in names, f"{binary} needs {soname} ({owner}), which Depends does not name"


def test_the_site_file_is_a_conffile(unpacked):
    conffiles = dpkg_deb("--info", "conffiles").split()
    assert conffiles == [CONFFILE]
    shipped = unpacked / CONFFILE.lstrip("/")
    if SETTINGS_EXAMPLE.is_file():
        assert shipped.read_bytes() == SETTINGS_EXAMPLE.read_bytes()
    tomllib.loads(shipped.read_text(encoding="utf-8"))  # valid TOML either way


def test_files_go_where_a_desk_expects_them():
    listing = dpkg_deb("--contents").splitlines()
    paths = {line.split()[-1].removeprefix(".") for line in listing if not line.startswith("l")}
    assert {"/opt/hotline-console/hotline-console", "/usr/bin/hotline-console",
            "/usr/share/applications/hotline-console.desktop", CONFFILE,
            "/usr/share/icons/hicolor/scalable/apps/hotline-console.svg",
            "/usr/share/icons/hicolor/48x48/apps/hotline-console.png"} <= paths
    allowed = ("/opt/hotline-console/", "/usr/bin/", "/usr/share/applications/", "/usr/share/icons/hicolor/",
               "/etc/hotline-console/")
    stray = sorted(p for p in paths if not p.endswith("/") and not p.startswith(allowed))
    assert not stray, stray
    assert all(line.split()[1] == "root/root" for line in listing), "files must belong to root"
    assert not [p for p in paths if "__pycache__" in p or p.endswith(".pyc")]


def test_no_maintainer_scripts():
    control = dpkg_deb("--info")
    for script in ("preinst", "postinst", "prerm", "postrm"):
        assert f" {script} " not in control


def test_the_desktop_entry_is_valid_and_points_at_the_launcher(unpacked):
    entry = unpacked / "usr" / "share" / "applications" / f"{PACKAGE}.desktop"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), explain(result)
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    desktop = parser["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Exec"].split()[0] == PACKAGE and (unpacked / "usr" / "bin" / PACKAGE).is_file()
    assert (unpacked / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{desktop['Icon']}.svg").is_file()


# --- the unpacked program ---------------------------------------------------

def test_the_launcher_prints_the_version(unpacked, tmp_path):
    result = ok(launch(unpacked, tmp_path, "--version"))
    assert result.stdout.strip() == f"{PACKAGE} {PROJECT_VERSION}"


def test_the_launcher_self_check_passes_with_the_packaged_site_file(unpacked, tmp_path):
    before = sorted(unpacked.rglob("*"))
    result = ok(launch(unpacked, tmp_path, "self-check"))
    assert "self-check passed" in result.stdout
    assert (tmp_path / "data" / "hotline.sqlite3").is_file()
    assert sorted(unpacked.rglob("*")) == before, "the program wrote into its installed files"


# --- a real dpkg, into a throwaway root -------------------------------------

def _dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return ok(subprocess.run(["dpkg", f"--root={root}", f"--log={root / 'dpkg.log'}", "--force-depends", *args],
                             capture_output=True, text=True, check=False))


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if not p.is_dir() and p.relative_to(root).parts[:1] != ("var",) and p.name != "dpkg.log"}


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest() if path.exists() else ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="dpkg --root needs root")
def test_install_upgrade_remove_purge_in_a_throwaway_root(tmp_path):
    real_status = Path("/var/lib/dpkg/status")
    before = _md5(real_status)
    root = tmp_path / "root"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers"):
        (root / folder).mkdir(parents=True)
    for name in ("status", "available"):
        (root / "var" / "lib" / "dpkg" / name).touch()
    site = root / CONFFILE.lstrip("/")

    _dpkg(root, "--install", str(require_deb()))
    assert (root / "opt" / PACKAGE / PACKAGE).is_file() and site.is_file()
    site.write_text(site.read_text(encoding="utf-8") + "\n# edited by IT\n", encoding="utf-8")
    _dpkg(root, "--install", str(require_deb()))  # an upgrade (same version) keeps IT's edit
    assert site.read_text(encoding="utf-8").endswith("# edited by IT\n")

    _dpkg(root, "--remove", PACKAGE)
    assert _files(root) == {CONFFILE.lstrip("/")}
    _dpkg(root, "--purge", PACKAGE)
    assert _files(root) == set()
    assert not (root / "etc" / "hotline-console").exists()
    assert _md5(real_status) == before, "this machine's own dpkg database changed"
