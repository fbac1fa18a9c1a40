"""Snapshot and compare what a database holds, for scripts/upgrade_check.sh.

``snapshot DB FILE`` writes a JSON file: the row count of every table behind a ``dura.*`` model,
of the Odoo tables our records live in (partners, invoices, payments, SMS, messages, attachments),
the next number of every ``ir.sequence`` and the state of every ``dura_*`` module; and, so that a
field moved to another module (a bridge) is seen to keep its data, the number of filled values of
every column of those ``dura.*`` tables and of every ``dura_*`` column of the Odoo tables, the
fields and selection values Odoo knows of ``dura.*`` models, and the XML ids of ``dura_*`` modules.
``compare BEFORE AFTER`` prints one line per figure and exits 1 when a business figure went down or
a sequence would hand out a number again: an upgrade must keep every record.
"""

import json
import sys

import psycopg2

ODOO_TABLES = (
    "res_partner",
    "account_move",
    "account_move_line",
    "account_payment",
    "sms_sms",
    "sms_template",
    "mail_message",
    "ir_attachment",
    "phone_blacklist",
    "base_automation",
    "res_users",
)


def snapshot(dbname):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT model FROM ir_model WHERE model LIKE 'dura.%%' ORDER BY model")
        tables = []
        for (model,) in cr.fetchall():
            table = model.replace(".", "_")
            cr.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'r'", [table])
            if cr.fetchone():
                tables.append(table)
        counts = {}
        for table in sorted(set(tables) | set(ODOO_TABLES)):
            # Table names come from ir_model and the constant above, never from input.
            cr.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cr.fetchone()[0]
        filled = {}
        cr.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = ANY(%s)
               ORDER BY table_name, column_name""",
            [sorted(tables)],
        )
        columns = cr.fetchall()
        cr.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = ANY(%s)
                 AND column_name LIKE 'dura\\_%%'
               ORDER BY table_name, column_name""",
            [list(ODOO_TABLES)],
        )
        columns += cr.fetchall()
        for table, column in columns:
            # Names come from the catalogue of this database, never from input.
            cr.execute(f'SELECT count("{column}") FROM "{table}"')
            filled[f"{table}.{column}"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM ir_model_fields WHERE model LIKE 'dura.%%'")
        counts["ir_model_fields of dura.*"] = cr.fetchone()[0]
        cr.execute(
            """SELECT count(*) FROM ir_model_fields_selection s
               JOIN ir_model_fields f ON f.id = s.field_id WHERE f.model LIKE 'dura.%%'"""
        )
        counts["ir_model_fields_selection of dura.*"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM ir_model_data WHERE module LIKE 'dura%%'")
        counts["ir_model_data of dura_*"] = cr.fetchone()[0]
        cr.execute(
            """SELECT s.code, s.number_next, s.implementation, s.id FROM ir_sequence s
               WHERE s.code IS NOT NULL ORDER BY s.code, s.id"""
        )
        sequences = {}
        for code, number_next, implementation, seq_id in cr.fetchall():
            if implementation == "standard":
                cr.execute(f"SELECT last_value, is_called FROM ir_sequence_{seq_id:03d}")
                last_value, is_called = cr.fetchone()
                number_next = last_value + 1 if is_called else last_value
            sequences.setdefault(code, max(number_next, sequences.get(code, 0)))
        cr.execute(
            "SELECT name, state, latest_version FROM ir_module_module WHERE name LIKE 'dura%%'"
        )
        modules = {name: [state, version] for name, state, version in cr.fetchall()}
    return {"counts": counts, "filled": filled, "sequences": sequences, "modules": modules}


def compare(before, after):
    failures = 0
    print(f"{'figure':48} {'before':>9} {'after':>9}")
    for table in sorted(set(before["counts"]) | set(after["counts"])):
        old, new = before["counts"].get(table), after["counts"].get(table)
        mark = ""
        if old is not None and (new is None or new < old):
            mark = "  LOST"
            failures += 1
        shown = ["-" if value is None else value for value in (old, new)]
        print(f"{table:48} {shown[0]:>9} {shown[1]:>9}{mark}")
    # Filled values of every column: only the columns that changed are printed.
    before_filled, after_filled = before.get("filled", {}), after.get("filled", {})
    same = 0
    for column in sorted(before_filled):
        old, new = before_filled[column], after_filled.get(column)
        if new == old:
            same += 1
            continue
        mark = ""
        if new is None or new < old:
            mark = "  LOST"
            failures += 1
        print(f"{'filled ' + column:48} {old:>9} {new if new is not None else '-':>9}{mark}")
    print(f"{'columns with the same filled values':48} {same:>9} {len(before_filled):>9}")
    for code in sorted(before["sequences"]):
        old, new = before["sequences"][code], after["sequences"].get(code)
        mark = ""
        if new is None or new < old:
            mark = "  WOULD REUSE NUMBERS"
            failures += 1
        print(f"{'sequence ' + code:48} {old:>9} {new if new is not None else '-':>9}{mark}")
    for name in sorted(set(before["modules"]) | set(after["modules"])):
        old = before["modules"].get(name, ["-", ""])
        new = after["modules"].get(name, ["-", ""])
        mark = ""
        if old[0] == "installed" and new[0] != "installed":
            mark = "  NOT INSTALLED"
            failures += 1
        shown = [f"{state} {version or ''}" for state, version in (old, new)]
        print(f"{'module ' + name:48} {shown[0]:>20} {shown[1]:>20}{mark}")
    return failures


def main(argv):
    if len(argv) == 3 and argv[0] == "snapshot":
        with open(argv[2], "w", encoding="utf-8") as out:
            json.dump(snapshot(argv[1]), out, indent=1, sort_keys=True)
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        with open(argv[1], encoding="utf-8") as old, open(argv[2], encoding="utf-8") as new:
            failures = compare(json.load(old), json.load(new))
        print(f"upgrade check: {failures} figure(s) lost")
        return 1 if failures else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
