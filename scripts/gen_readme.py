#!/usr/bin/env python3
"""Build each addon's README.rst from its readme/ fragments, as OCA's oca-gen-addon-readme does."""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [".. This file is generated from readme/ by scripts/gen_readme.py; edit those.", ""]
    for filename, heading in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [fragment.read_text(encoding="utf-8").strip(), ""]
    out += ["Credits", "=======", "", f"* {manifest['author']}", ""]
    return "\n".join(out)


def main():
    check = "--check" in sys.argv
    stale = []
    for manifest in sorted(ROOT.glob("*/__manifest__.py")):
        addon = manifest.parent
        text = build(addon)
        target = addon / "README.rst"
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text, encoding="utf-8")
    if stale:
        sys.exit("README.rst out of date (run scripts/gen_readme.py): " + ", ".join(stale))


if __name__ == "__main__":
    main()
