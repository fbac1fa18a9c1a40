#!/usr/bin/env python3
"""Each addon's i18n/ar.po follows its template i18n/<addon>.pot: the same terms, no more, no less.

Both come from Odoo's exporter (scripts/make-pot.sh writes the template, its --merge the ar.po);
a term added to one and not the other means the template is stale. Whether ar.po translates every
term is the i18n completeness tests' job, not this one's.

Usage: pot_check.py ADDON...
"""

import sys
from pathlib import Path

import polib

FIX = "run scripts/make-pot.sh --merge"


def terms(path):
    return {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}


def check(addon):
    pot, po = Path(addon, "i18n", f"{addon}.pot"), Path(addon, "i18n", "ar.po")
    missing = [path for path in (pot, po) if not path.is_file()]
    if missing:
        return [f"{addon}: no {', '.join(map(str, missing))} ({FIX})"]
    template, arabic = terms(pot), terms(po)
    problems = []
    for label, extra in (
        ("only in the template", template - arabic),
        ("only in ar.po", arabic - template),
    ):
        if extra:
            sample = ", ".join(repr(msgid[:40]) for msgid in sorted(extra)[:3])
            problems.append(f"{addon}: {len(extra)} term(s) {label}, e.g. {sample} ({FIX})")
    if not problems:
        print(f"{pot}: {len(template)} terms, the same as ar.po")
    return problems


def main(*addons):
    problems = [problem for addon in addons for problem in check(addon)]
    for problem in problems:
        print(f"i18n: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
