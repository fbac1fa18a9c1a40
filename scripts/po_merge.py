#!/usr/bin/env python3
"""Merge a template exported by Odoo into a module's ar.po, keeping existing translations.

Usage: po_merge.py MODULE.pot path/to/ar.po [new-translations.json]

The result follows the template (Odoo's exporter: every term, with its references); msgstr
comes from the current ar.po, else from the JSON {msgid: msgstr}. Terms still untranslated are
listed on stderr and the exit status is 1.
"""

import json
import sys

import polib


def main(pot_path, po_path, json_path=None):
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path)
    known = {}
    if json_path:
        with open(json_path, encoding="utf-8") as handle:
            known.update(json.load(handle))
    # translations already in ar.po win over the JSON, which only fills the gaps
    known.update(
        {entry.msgid: entry.msgstr for entry in old if entry.msgstr and not entry.obsolete}
    )
    pot.metadata = old.metadata
    pot.header = old.header
    missing = []
    for entry in pot:
        entry.msgstr = known.get(entry.msgid, "")
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if not entry.msgstr:
            missing.append(entry.msgid)
    pot.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
