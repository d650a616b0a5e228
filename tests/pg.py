"""A throwaway PostgreSQL server for tests and benchmarks.

``PgServer.start()`` runs ``initdb`` into a new temporary folder, then
``pg_ctl -w start``; ``close()`` stops the server and removes the folder.
The server listens on 127.0.0.1 only, on a free port, and on a Unix socket in
its own folder. Authentication is ``scram-sha-256`` with a password made up
for this server (nothing is left to ``trust``): the superuser ``postgres``
administers it; the console connects as ``hotline``, an ordinary role that
owns the databases it uses, as on a real floor (so migrations are tested
without superuser rights).

``initdb`` and ``pg_ctl`` refuse to run as root. As root, they run as the
``postgres`` system user through ``runuser``; the folder is made
traversable and given to that user. The server binaries are looked up on
``PATH``, then in ``/usr/lib/postgresql/<version>/bin`` (Debian's place).

``unavailable_reason()`` says why no server can be started here (None: one
can); the test fixtures skip on it, or fail when ``CI`` is set.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.engine import URL

SUPERUSER = "postgres"
APP_USER = "hotline"
RUN_AS = "postgres"  # the system user that runs the server when we are root
HOST = "127.0.0.1"
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started on this machine."""


def ci_requires_postgres(env: dict[str, str] | None = None) -> bool:
    """True when ``CI`` is set: PostgreSQL tests must run, never skip."""
    value = (os.environ if env is None else env).get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no")


def server_bin_dir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` (newest version first)."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in [*candidates, *debian]:
        if all(os.access(folder / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _version_key(path: Path) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.]", path.parent.name))


def unavailable_reason() -> str | None:
    """Why no test server can be started here; None when one can."""
    if server_bin_dir() is None:
        return ("PostgreSQL server binaries not found (no initdb on PATH nor in /usr/lib/postgresql/*/bin); "
                "install Debian's 'postgresql' package")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return (f"running as root and there is no '{RUN_AS}' user to run initdb/pg_ctl as "
                    f"(create it: useradd --system --no-create-home {RUN_AS})")
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _traversable(path: Path) -> bool:
    """Every folder from / down to ``path`` may be entered by any user."""
    for folder in [path, *path.parents]:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def _base_parent(parent: Path | None) -> Path:
    if parent is not None:
        return parent
    default = Path(tempfile.gettempdir())
    if os.geteuid() != 0 or _traversable(default):
        return default
    return Path("/tmp")  # TMPDIR under a private home: the server user could not reach it


class PgServer:
    """One running server. Use ``PgServer.start()``; ``close()`` when done."""

    def __init__(self, bin_dir: Path, base: Path, port: int, password: str, run_as: str | None):
        self.bin_dir, self.base, self.port, self.password, self.run_as = bin_dir, base, port, password, run_as
        self.host = HOST
        self.data = base / "data"
        self.socket_dir = base / "socket"
        self.log = base / "server.log"
        self.durable = True
        self._closed = False

    # -- life ----------------------------------------------------------------
    @classmethod
    def start(cls, *, parent: Path | None = None, durable: bool = False) -> PgServer:
        """initdb + pg_ctl start in a new folder under ``parent`` (a temporary
        folder by default). ``durable=False`` (tests) turns fsync off: nothing
        here needs to survive a power cut, and it makes CREATE DATABASE fast."""
        reason = unavailable_reason()
        if reason:
            raise PostgresUnavailable(reason)
        bin_dir = server_bin_dir()
        assert bin_dir is not None
        run_as = RUN_AS if os.geteuid() == 0 else None
        base = Path(tempfile.mkdtemp(prefix="hotline-pg-", dir=_base_parent(parent)))
        server = cls(bin_dir, base, free_port(), secrets.token_urlsafe(24), run_as)
        server.durable = durable
        try:
            server._init(durable)
            for attempt in range(3):
                try:
                    server._pg_ctl("start", "-l", str(server.log))
                    break
                except subprocess.CalledProcessError:
                    if attempt == 2 or "could not bind" not in server.log_tail():
                        raise
                    server._set_port(free_port())  # someone took the port in between: another one
            server._create_app_role()
        except BaseException as exc:
            log = server.log_tail()
            server.close()
            if isinstance(exc, subprocess.CalledProcessError):
                raise PostgresUnavailable(
                    f"the PostgreSQL test server did not start: {exc}\n{exc.stderr or ''}\n--- server log ---\n{log}"
                ) from None
            raise
        atexit.register(server.close)
        return server

    def _init(self, durable: bool) -> None:
        os.chmod(self.base, 0o755)
        self.socket_dir.mkdir()
        self.data.mkdir(mode=0o700)
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        os.chmod(pwfile, 0o600)
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in (self.base, self.socket_dir, self.data, pwfile):
                os.chown(path, user.pw_uid, user.pw_gid)
        args = ["-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(pwfile), "-A", "scram-sha-256",
                "--encoding", "UTF8"]
        if not durable:
            args.append("--no-sync")
        try:
            self._run("initdb", *args, "--locale", "C.UTF-8")
        except subprocess.CalledProcessError:  # a system without the C.UTF-8 locale
            shutil.rmtree(self.data)
            self.data.mkdir(mode=0o700)
            if self.run_as:
                user = pwd.getpwnam(self.run_as)
                os.chown(self.data, user.pw_uid, user.pw_gid)
            self._run("initdb", *args, "--no-locale")
        finally:
            pwfile.unlink()
        settings = {
            "listen_addresses": f"'{HOST}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": "100",
            "log_min_messages": "warning",
        }
        if not durable:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n# hotline test server\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _set_port(self, port: int) -> None:
        self.port = port
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {port}\n")

    def _create_app_role(self) -> None:
        with self.admin() as conn:
            conn.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD '{self.password}'")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def start_again(self) -> None:
        self._pg_ctl("start", "-l", str(self.log))

    def restart(self) -> None:
        """``pg_ctl restart``: every connection is cut; the server is back when this returns."""
        self._pg_ctl("restart", "-m", "fast", "-l", str(self.log))

    def close(self) -> None:
        """Stop the server (if running) and remove its folder. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> PgServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / tool), *args]
        if self.run_as:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            cmd = [runuser, "-u", self.run_as, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=self.base,
                              timeout=START_TIMEOUT_S + 30)

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", str(START_TIMEOUT_S), *args)

    # -- using it ------------------------------------------------------------
    def url(self, database: str = "postgres", *, admin: bool = False) -> URL:
        """SQLAlchemy URL (psycopg 3) of ``database``, as the console's role or the superuser."""
        return URL.create(
            "postgresql+psycopg", username=SUPERUSER if admin else APP_USER, password=self.password,
            host=self.host, port=self.port, database=database,
        )

    def admin(self, database: str = "postgres"):
        """An autocommit psycopg connection as the superuser (close it, or use ``with``)."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=SUPERUSER, password=self.password,
                               dbname=database, autocommit=True, connect_timeout=10)

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database owned by the console's role; returns its name."""
        name = name or f"hotline_{uuid.uuid4().hex[:12]}"
        _check_name(name)
        sql = f'CREATE DATABASE "{name}" OWNER {APP_USER}'
        if template:
            _check_name(template)
            sql += f' TEMPLATE "{template}"'
        with self.admin() as conn:
            if not self.durable and conn.info.server_version >= 150000:
                sql += " STRATEGY FILE_COPY"  # a plain file copy: quicker without fsync
            conn.execute(sql)
        return name

    def drop_database(self, name: str) -> None:
        _check_name(name)
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _check_name(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a plain database name: {name!r}")
