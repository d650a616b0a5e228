"""Turn the built bundle (dist/hotline-console/) into a Debian package.

    make deb        (or: .venv/bin/python packaging/deb/build_deb.py)

Output: dist/hotline-console_<version>_<arch>.deb, made by ``dpkg-deb
--build --root-owner-group`` from a staging tree in build/deb/:

    /opt/hotline-console/                     the bundle, as PyInstaller left it
    /usr/bin/hotline-console                  a two-line sh launcher (hotline-console.sh)
    /usr/share/applications/hotline-console.desktop
    /usr/share/icons/hicolor/{scalable,48x48,256x256}/apps/hotline-console.{svg,png}
    /etc/hotline-console/settings.toml        the site file, a conffile

``Depends`` is read from the bundle itself: every library its ELF files link
to and it does not carry (packaging/system_libs.py maps sonames to
packages). No maintainer scripts: dpkg keeps a conffile on remove and deletes
it on purge by itself, and the desktop and icon caches are refreshed by the
triggers of desktop-file-utils and hicolor-icon-theme.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
import system_libs  # packaging/, put on sys.path just above

PACKAGE = "hotline-console"
CONFFILE = Path("etc/hotline-console/settings.toml")
ICON_SVG = ROOT / "resources" / "icons" / "hotline-console.svg"
SETTINGS_EXAMPLE = ROOT / "resources" / "settings.example.toml"
PNG_SIZES = (48, 256)
DEFAULT_MAINTAINER = "Hotline Console IT <hotline-it@localhost>"
PLACEHOLDER_SETTINGS = """\
# Hotline Console site settings (TOML), read by every desk on this machine.
# Every key is optional; docs/settings.md in the source describes them.
# dpkg keeps this file, with your edits, on upgrade and on remove.
"""


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def debian_version(version: str) -> str:
    """PEP 440 to Debian ordering: a pre-release sorts before its release
    (``1.0rc1`` -> ``1.0~rc1``, ``1.0.dev2`` -> ``1.0~dev2``); a local part
    (``+abc``) stays."""
    release = re.match(r"\d+(\.\d+)*", version)
    if not release:
        raise SystemExit(f"build_deb: cannot read the version {version!r} in pyproject.toml")
    rest, plus, local = version[release.end():].partition("+")
    rest = re.sub(r"[.-]?(alpha|beta|preview|pre|rc|a|b|c|dev)(?=\d|$|\.)", r"~\1", rest)
    return release.group(0) + rest + plus + local


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def depends(bundle: Path) -> str:
    """The Depends field: a package for each library the bundle needs and lacks."""
    packages: dict[str, list[str]] = {}
    unknown = []
    for soname, users in sorted(system_libs.unresolved(bundle).items()):
        package = system_libs.package_of(soname)
        if package is None:
            unknown.append(f"{soname} (needed by {users[0]})")
        else:
            packages.setdefault(package, []).append(soname)
    for soname, package in system_libs.LOADED_AT_RUN_TIME.items():
        packages.setdefault(package, []).append(soname)
    if unknown:
        raise SystemExit("build_deb: no Debian package known for " + ", ".join(unknown)
                         + "; add it to SYSTEM_LIBRARIES in packaging/system_libs.py")
    fields = []
    for package in sorted(packages):
        version = system_libs.installed_upstream_version(package) if package in system_libs.VERSIONED else None
        fields.append(f"{package} (>= {version})" if version else package)
    return ", ".join(fields)


def _normalise_modes(tree: Path) -> None:
    """0755 for folders and executables, 0644 for the rest, whatever the umask was."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)


def _render_png(size: int, target: Path) -> None:
    """Rasterise the SVG icon with Qt (this build's own PySide6), no display needed."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise SystemExit(f"build_deb: {ICON_SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"build_deb: could not write {target}")


def stage(bundle: Path, tree: Path) -> None:
    """Lay out the package's files under ``tree`` (its DEBIAN/ folder comes later)."""
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(bundle, tree / "opt" / PACKAGE, symlinks=True)
    launcher = tree / "usr" / "bin" / PACKAGE
    launcher.parent.mkdir(parents=True)
    shutil.copyfile(HERE / "hotline-console.sh", launcher)
    launcher.chmod(0o755)
    share = tree / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copyfile(HERE / "hotline-console.desktop", share / "applications" / f"{PACKAGE}.desktop")
    icons = share / "icons" / "hicolor"
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(ICON_SVG, icons / "scalable" / "apps" / f"{PACKAGE}.svg")
    for size in PNG_SIZES:
        _render_png(size, icons / f"{size}x{size}" / "apps" / f"{PACKAGE}.png")
    conffile = tree / CONFFILE
    conffile.parent.mkdir(parents=True)
    if SETTINGS_EXAMPLE.is_file():
        shutil.copyfile(SETTINGS_EXAMPLE, conffile)
    else:
        conffile.write_text(PLACEHOLDER_SETTINGS, encoding="utf-8")
    _normalise_modes(tree)


def _installed_size_kib(tree: Path) -> int:
    """As dpkg-gencontrol counts it: each file rounded up to a KiB, 1 per folder or link."""
    total = 0
    for path in tree.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += -(-path.stat().st_size // 1024)
    return total


def _md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        rel = path.relative_to(tree)
        if path.is_file() and not path.is_symlink() and rel != CONFFILE:
            lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel.as_posix()}")
    return "\n".join(lines) + "\n"


def control(tree: Path, version: str, arch: str) -> str:
    maintainer = os.environ.get("DEB_MAINTAINER") or (
        f"{os.environ['DEBFULLNAME']} <{os.environ['DEBEMAIL']}>"
        if os.environ.get("DEBFULLNAME") and os.environ.get("DEBEMAIL") else DEFAULT_MAINTAINER)
    return (HERE / "control.in").read_text(encoding="utf-8").format(
        version=version, architecture=arch, maintainer=maintainer,
        installed_size=_installed_size_kib(tree), depends=depends(tree / "opt" / PACKAGE),
        summary=project()["description"],
    )


def build(bundle: Path, out_dir: Path, work: Path) -> Path:
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"build_deb: {bundle / PACKAGE} is missing: run `make bundle` first")
    version, arch = debian_version(project()["version"]), architecture()
    tree = work / f"{PACKAGE}_{version}_{arch}"
    stage(bundle, tree)
    meta = tree / "DEBIAN"
    meta.mkdir()
    (meta / "control").write_text(control(tree, version, arch), encoding="utf-8")
    (meta / "conffiles").write_text(f"/{CONFFILE.as_posix()}\n", encoding="utf-8")
    (meta / "md5sums").write_text(_md5sums(tree), encoding="utf-8")
    _normalise_modes(meta)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", str(tree), str(target)],
                   check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE, help="the onedir bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb", help="staging folder")
    args = parser.parse_args(argv)
    target = build(args.bundle.resolve(), args.out.resolve(), args.work.resolve())
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
