#!/usr/bin/env python3
"""Issue 14: hostile and broken input beside a valid page, through the dossier binary.

Usage: hostile_input_test.py DOSSIER_BINARY WORK_DIR

Generates the hostile corpus (tests/fixtures/make_hostile_corpus.py, scaled down), processes each
of its cases with `dossier process --ocr-engine none` and checks: exit status 0, report.json valid
against schema/report.schema.json, the valid page in a document and in case.pdf, every entry of
the case folder in `inputs`, and each hostile entry accounted for by pages or by an issue of an
expected code. Exit status 0 when every check holds, 1 otherwise.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema

SOURCE = Path(__file__).resolve().parent.parent.parent
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def unescape(name):
    """A file_escaped name back to the file system's name."""
    raw = re.sub(rb"\\x([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), name.encode())
    return os.fsdecode(raw)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, work = sys.argv[1], Path(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    inbox, out = work / "inbox", work / "out"
    inbox.mkdir(parents=True)
    made = subprocess.run([sys.executable, str(SOURCE / "tests/fixtures/make_hostile_corpus.py"),
                           str(inbox)], check=True, capture_output=True, text=True)
    expected = json.loads(made.stdout)
    # Small budgets keep the test quick under ASan; they are the budgets under test as well.
    config = work / "dossier.yaml"
    # The time budgets are left out of it (set far away): what they cut depends on the machine.
    config.write_text("ingest:\n  max_pages_per_file: 6\n  max_pixels_per_file: 12000000\n"
                      "  max_pixels_per_case: 40000000\n  max_file_bytes: 20000000\n"
                      "  max_seconds_per_file: 3000\n  max_seconds_per_case: 6000\n"
                      "find_faces: false\nmrz:\n  use_tesseract: false\n")
    schema = json.loads((SOURCE / "schema/report.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)

    for case, entries in expected.items():
        case_dir = inbox / unescape(case)
        command = [binary, "process", str(case_dir), "--out", str(out), "--config", str(config),
                   "--ocr-engine", "none", "--application-date", "2026-11-20", "--quiet"]
        run = subprocess.run(command, capture_output=True, text=True, errors="replace",
                             timeout=600)
        # Under ASan, LeakSanitizer's own thread-stopping tracer has crashed at exit now and then
        # on a loaded machine ("Tracer caught signal 11", after the case was written): a failure
        # of the tool, not of dossier, which says nothing about leaks. That alone is run again,
        # once; a leak it reports, or any other failure, still fails.
        if run.returncode != 0 and "LeakSanitizer has encountered a fatal error" in run.stderr:
            print(f"{case}: LeakSanitizer's tracer failed; running the case again", file=sys.stderr)
            run = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                 timeout=600)
        check(run.returncode == 0, f"{case}: exit status {run.returncode}: {run.stderr[-2000:]}")
        case_out = out / case_dir.name
        report_file = case_out / "report.json"
        if not report_file.exists():
            check(False, f"{case}: no report.json")
            continue
        text = report_file.read_text()
        report = json.loads(text)
        errors = list(validator.iter_errors(report))
        check(not errors, f"{case}: report.json invalid: {[e.message for e in errors[:3]]}")
        check("top_secret_api_key" not in text, f"{case}: a symlinked manifest was read")
        pages = [p["file"] for d in report["documents"] for p in d["pages"]]
        check("page-valid.png" in pages, f"{case}: the valid page is not in a document")
        pdf = (case_out / "case.pdf").read_bytes() if (case_out / "case.pdf").exists() else b""
        shown = len(re.findall(rb"/Type\s*/Page\b", pdf))
        check(shown >= 1 + len(pages), f"{case}: case.pdf shows {shown} pages for {len(pages)}")
        inputs = {i.get("file_escaped", i["file"]): i for i in report["inputs"]}
        for name, codes in entries.items():
            issues = [i["code"] for i in report["issues"] if i.get("file") ==
                      (inputs[name]["file"] if name in inputs else name)]
            if name == "case.yaml":
                check(not codes or any(c in codes for c in issues),
                      f"{case}: case.yaml issues {issues}, expected one of {codes}")
                continue
            check(name in inputs, f"{case}: {name} missing from inputs")
            if name not in inputs:
                continue
            read = inputs[name]["readable"] and "pages" in codes
            check(read or any(c in codes for c in issues),
                  f"{case}: {name}: issues {issues}, expected one of {codes}")
            if not inputs[name]["readable"]:
                check(issues, f"{case}: {name} unread without an issue")
            # No page left out silently: the pages read and the pages with an issue leave no gap.
            file = inputs[name]["file"]
            numbers = {p["page"] for d in report["documents"] for p in d["pages"]
                       if p["file"] == file}
            numbers |= {i["page"] for i in report["issues"]
                        if i.get("file") == file and i.get("page")}
            gaps = sorted(set(range(1, max(numbers, default=0) + 1)) - numbers)
            check(not gaps, f"{case}: {name}: pages {gaps[:5]} neither read nor reported")
        if "\\x" in case:
            check("\ufffd" in report["case_id"], f"{case}: case_id {report['case_id']!r}")
    print(f"{len(expected)} cases, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
