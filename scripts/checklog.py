#!/usr/bin/env python3
"""Read an Odoo test log, count test methods and fail on anything unexpected.

Like OCA's checklog-odoo: every WARNING, ERROR or CRITICAL line must match an entry of the
allow-list (a regular expression per line, each with a reason after ``#``). The last line printed
is ``N passed, M failed`` (``, K skipped`` is added when tests were skipped; an unexpected skip
counts as a failure unless allow-listed).
"""

import argparse
import re
import sys

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
START = re.compile(r"^Starting (?P<test>[\w.]+) \.\.\.$")
FAIL = re.compile(r"^(?P<kind>FAIL|ERROR): (?:Subtest )?(?P<test>\S+)")
SKIP = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")


def load_allowlist(path):
    rules = []
    if not path:
        return rules
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            pattern, _sep, reason = line.partition("  # ")
            if not reason.strip():
                sys.exit(f"allow-list entry without a reason: {line!r}")
            rules.append(re.compile(pattern.strip()))
    return rules


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("log")
    parser.add_argument("--allow", help="allow-list file")
    parser.add_argument("--modules", default="", help="comma-separated modules whose tests count")
    parser.add_argument(
        "--allow-skip",
        action="append",
        default=[],
        help="regex of tests allowed to skip",
    )
    args = parser.parse_args()

    allow = load_allowlist(args.allow)
    prefixes = tuple(f"odoo.addons.{m}." for m in args.modules.split(",") if m)
    started, failed, skipped, unexpected = [], set(), {}, []
    current = None
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            match = LINE.match(raw.rstrip())
            if not match:
                continue
            level, logger, msg = match["level"], match["logger"], match["msg"]
            ours = not prefixes or logger.startswith(prefixes)
            if ours and (start := START.match(msg)):
                current = start["test"]
                started.append(current)
                continue
            if ours and (skip := SKIP.match(msg)):
                skipped[skip["test"]] = skip["reason"]
                continue
            if level in ("ERROR", "CRITICAL") and (fail := FAIL.match(msg)):
                failed.add(fail["test"].split(" ")[0])
                continue
            if level in ("WARNING", "ERROR", "CRITICAL"):
                text = f"{level} {logger}: {msg}"
                if not any(rule.search(text) for rule in allow):
                    unexpected.append((current, text))

    bad_skips = {
        test: reason
        for test, reason in skipped.items()
        if not any(re.search(pattern, test) for pattern in args.allow_skip)
    }
    for test in sorted(failed):
        print(f"FAILED: {test}")
    for test, reason in sorted(bad_skips.items()):
        print(f"UNEXPECTED SKIP: {test}: {reason}")
    for test, text in unexpected:
        print(f"UNEXPECTED LOG LINE (during {test or 'install'}): {text[:500]}")
    n_failed = len(failed) + len(bad_skips)
    n_passed = len(started) - len(failed) - len(skipped)
    if unexpected and not failed:
        n_failed += 1  # the run itself failed even if every test passed
    if not started:
        print("no test ran")
        n_failed += 1
    summary = f"{n_passed} passed, {n_failed} failed"
    if skipped:
        summary += f", {len(skipped)} skipped"
    print(summary)
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
