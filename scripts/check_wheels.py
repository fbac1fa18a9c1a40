#!/usr/bin/env python3
"""Check the wheels that `pip wheel` built with whool: one `odoo-addon-<addon>` per addon, with
the addon under odoo/addons/ (where Odoo finds addons installed with pip) and no pyproject.toml.

Usage: check_wheels.py WHEEL_DIR ADDON...
"""

import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path


def check(wheel_dir, addon):
    wheels = sorted(Path(wheel_dir).glob(f"odoo_addon_{addon}-*.whl"))
    if len(wheels) != 1:
        return [f"{addon}: expected one odoo_addon_{addon}-*.whl, found {len(wheels)}"]
    problems = []
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(wheel.read(metadata_name).decode())
    if metadata["Name"] != f"odoo-addon-{addon}":
        problems.append(f"{addon}: distribution is named {metadata['Name']!r}")
    prefix = f"odoo/addons/{addon}/"
    if f"{prefix}__manifest__.py" not in names:
        # whool packages the files git tracks: a new addon must be added to git first
        problems.append(f"{addon}: no {prefix}__manifest__.py in the wheel (is it in git?)")
    if f"{prefix}pyproject.toml" in names:
        problems.append(f"{addon}: pyproject.toml inside the wheel")
    if not problems:
        files = sum(name.startswith(prefix) for name in names)
        print(f"{wheels[0].name}: {files} files, requires {metadata.get_all('Requires-Dist')}")
    return problems


def main(wheel_dir, *addons):
    problems = [problem for addon in addons for problem in check(wheel_dir, addon)]
    for problem in problems:
        print(f"wheel: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
