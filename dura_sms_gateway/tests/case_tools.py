"""Helpers shared by the suite's tests: the other dura modules import them from here."""

from psycopg2 import IntegrityError

from odoo.service.model import _as_validation_error
from odoo.tools import mute_logger

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
