"""The suite's test toolbox: the Dura addons import these helpers from here.

PDF reports read back as text: :mod:`.pdf_tools`; completeness of a module's Arabic:
:mod:`.i18n_check`.
"""

import os
import socket
import subprocess
import sys
import tempfile

from psycopg2 import IntegrityError

import odoo
from odoo.service.model import _as_validation_error
from odoo.tools import config, mute_logger

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


def as_rpc(env, action):
    """`action` then a flush, as an RPC call: a database constraint violation comes back as
    the ValidationError Odoo's RPC layer shows the user, and nothing of it stays written."""

    def run():
        try:
            with mute_logger("odoo.sql_db"), env.cr.savepoint():
                action()
                env.flush_all()
        except IntegrityError as exc:
            raise _as_validation_error(env, exc) from exc

    return run


def assert_access_matrix(case, matrix, users):
    """`matrix`: {model: {role: "rwcu" letters allowed}}; a role not named may do nothing."""
    for model, allowed in matrix.items():
        for key, user in users.items():
            actual = "".join(
                letter
                for letter, operation in OPERATIONS.items()
                if case.env[model].with_user(user).has_access(operation)
            )
            with case.subTest(model=model, role=key):
                case.assertEqual(actual, allowed.get(key, ""))


def free_port():
    """A loopback port nothing listens on: a server may bind it, a client is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """A real ``odoo-bin`` on database `db`, as a context manager: ``odoo-bin -c <the tests'
    configuration> -d db --log-level=warn`` plus `args` (e.g. ``--workers=2``), its log in a
    temporary file. On exit the server is stopped and its log is in :attr:`output`.

    For what only separate processes show: several workers sharing one budget or one queue.
    Pass ``--http-port``; the gevent port is a free one.
    """

    def __init__(self, db, *args):
        self.db = db
        self.args = args
        self.output = ""
        self.process = None
        self._log = None

    def __enter__(self):
        log = tempfile.NamedTemporaryFile(prefix="dura-odoo-", suffix=".log", delete=False)
        log.close()
        self._log = log.name
        odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
        self.process = subprocess.Popen(
            [
                sys.executable,
                odoo_bin,
                *(["-c", config.rcfile] if config.rcfile else []),
                "-d",
                self.db,
                f"--gevent-port={free_port()}",
                f"--logfile={self._log}",
                "--log-level=warn",
                *self.args,
            ]
        )
        return self

    def running(self):
        return self.process.poll() is None

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(60)
        with open(self._log, encoding="utf-8") as handle:
            self.output = handle.read()
        os.unlink(self._log)
        return False
