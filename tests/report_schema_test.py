#!/usr/bin/env python3
"""Issue 2: every report.json `dossier` writes validates against schema/report.schema.json.

Usage: report_schema_test.py DOSSIER_BINARY MAKE_SAMPLES_BINARY WORK_DIR

Generates the demo packages with dossier_make_samples, processes all of them with `dossier batch`
(no OCR engine: fast, and reports of pages nothing was read from are the ones most likely to be
odd), processes two of them again with real Tesseract and a signing key (so that the document
types, dates, expired items and signed outputs of recognised packages are in reports too),
validates every report with tests/validate_report.py, and checks that the validator does reject
reports that break the schema.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALIDATOR = HERE / "validate_report.py"


def run(*command, check=True):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"FAILED ({result.returncode}): {' '.join(map(str, command))}\n"
                 f"{result.stdout}\n{result.stderr}")
    return result


def validate(paths):
    return run(sys.executable, VALIDATOR, *paths, check=False)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    dossier, make_samples, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    common = ["--application-date", "2026-11-20", "--quiet"]

    # The schema's closed lists against the model data the reports draw them from (the pipeline
    # insists on a vocabulary for every document type and on nothing else).
    schema = json.loads((HERE.parent / "schema" / "report.schema.json").read_text())
    models = HERE.parent / "models"
    types = {p.stem for p in (models / "vocabulary").glob("*.yaml")} | {"unknown"}
    if set(schema["$defs"]["documentType"]["enum"]) != types:
        sys.exit(f"schema documentType differs from models/vocabulary: "
                 f"{sorted(set(schema['$defs']['documentType']['enum']) ^ types)}")
    services = {p.stem for p in (models / "services").glob("*.yaml")}
    if set(schema["properties"]["service"]["enum"]) != services:
        sys.exit(f"schema service differs from models/services: "
                 f"{sorted(set(schema['properties']['service']['enum']) ^ services)}")

    inbox = work / "inbox"
    run(make_samples, "packages", inbox)
    packages = sorted(p.name for p in inbox.iterdir() if p.is_dir())
    if len(packages) < 4:
        sys.exit(f"expected the demo packages in {inbox}, found {packages}")

    # Every demo package, no OCR.
    started = time.monotonic()
    run(dossier, "batch", inbox, "--out", work / "out-none", "--ocr-engine", "none", "--jobs", "2",
        *common)
    print(f"batch --ocr-engine none: {len(packages)} packages in "
          f"{time.monotonic() - started:.1f} s")

    # Two packages again with real Tesseract, signed with a TEST key: the complete
    # permanent-residence package (passport with MRZ, form with photo, certificates) and the
    # incomplete one photographed with a phone (expired certificate, receipt of refusal).
    run(dossier, "keygen", "--out", work / "keys")
    config = work / "dossier.yaml"
    config.write_text(f"signing:\n  p12_file: {work / 'keys' / 'signer.p12'}\n"
                      f"  password_file: {work / 'keys' / 'signer.pass'}\n")
    ocr_inbox = work / "inbox-tesseract"
    # The labor-immigrant package (with a truncated scan) too: every item present, but a file
    # that could not be read leaves the decision to a reviewer.
    ocr_packages = packages[:2] + [packages[3]]
    for name in ocr_packages:
        shutil.copytree(inbox / name, ocr_inbox / name)
    started = time.monotonic()
    run(dossier, "batch", ocr_inbox, "--out", work / "out-tesseract", "--ocr-engine", "tesseract",
        "--jobs", "2", "--config", config, *common)
    print(f"batch --ocr-engine tesseract: {len(ocr_packages)} packages in "
          f"{time.monotonic() - started:.1f} s")

    reports = sorted(work.glob("out-*/*/report.json"))
    expected = len(packages) + len(ocr_packages)
    if len(reports) != expected:
        sys.exit(f"expected {expected} report.json files, found {len(reports)}: {reports}")
    result = validate(reports)
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    if result.returncode != 0:
        sys.exit(f"report.json does not validate against schema/report.schema.json "
                 f"(exit status {result.returncode})")
    tesseract_report = json.loads(
        (work / "out-tesseract" / packages[0] / "report.json").read_text())
    if tesseract_report["verdict"] != "complete" or not tesseract_report["outputs"]["case_pdf"]:
        sys.exit(f"the complete sample package was not processed as complete: "
                 f"{tesseract_report['verdict']}, {tesseract_report['outputs']}")
    refused = json.loads((work / "out-tesseract" / packages[1] / "report.json").read_text())
    if refused["verdict"] != "incomplete" or not refused["outputs"]["receipt_pdf"]:
        sys.exit(f"the incomplete sample package got no receipt of refusal: "
                 f"{refused['verdict']}, {refused['outputs']}")
    truncated = json.loads((work / "out-tesseract" / packages[3] / "report.json").read_text())
    if not any(i["code"] == "unreadable_input" for i in truncated["issues"]):
        sys.exit("the truncated scan of the labor-immigrant package was not reported unreadable")
    if truncated["verdict"] != "needs_review":
        sys.exit(f"a package with an unreadable file was judged {truncated['verdict']}, "
                 f"not needs_review")
    if not any(d.get("mrz") for d in tesseract_report["documents"]):
        sys.exit("the Tesseract run read no MRZ: its report does not exercise the mrz definition")
    print(f"{len(reports)} reports validate")

    # The validator must reject what breaks the schema, one violation per file, and say where.
    broken_dir = work / "broken"
    broken_dir.mkdir()
    base = tesseract_report

    def first_document(r):
        return r["documents"][0]

    breakages = {
        "missing_case_id": lambda r: r.pop("case_id"),
        "wrong_schema": lambda r: r.__setitem__("schema", "dossier.report/0"),
        "unknown_verdict": lambda r: r.__setitem__("verdict", "maybe"),
        "bad_date": lambda r: r.__setitem__("application_date", "20.11.2026"),
        "bad_document_type": lambda r: first_document(r).__setitem__("type", "love_letter"),
        "bad_candidate_score": lambda r: first_document(r).__setitem__(
            "candidates", [{"type": "passport", "score": 1.5}]),
        "bad_sha256": lambda r: first_document(r)["pages"][0].__setitem__("sha256", "XYZ"),
        "empty_document": lambda r: first_document(r).__setitem__("pages", []),
        "bad_severity": lambda r: r["issues"].append({"severity": "fatal", "code": "x",
                                                      "message": "m"}),
        "negative_timing": lambda r: r["timings_ms"].__setitem__("ocr", -1),
    }
    for name, breakage in breakages.items():
        report = copy.deepcopy(base)
        breakage(report)
        path = broken_dir / f"{name}.json"
        path.write_text(json.dumps(report, ensure_ascii=False))
        result = validate([path])
        if result.returncode != 1:
            sys.exit(f"validate_report.py exited with {result.returncode}, not 1, on a broken "
                     f"report ({name}):\n{result.stdout}{result.stderr}")
        if str(path) not in result.stdout:
            sys.exit(f"validate_report.py rejected {name} without naming the file:\n"
                     f"{result.stdout}")
    # A good report among broken ones still fails the run; a good one alone passes.
    if validate([reports[0], broken_dir / "unknown_verdict.json"]).returncode != 1:
        sys.exit("validate_report.py passed a run with one broken report among good ones")
    if validate([reports[0]]).returncode != 0:
        sys.exit("validate_report.py rejected a good report on its own")
    not_json = broken_dir / "not_json.json"
    not_json.write_text('{"schema": ')
    if validate([not_json]).returncode != 1:
        sys.exit("validate_report.py did not reject a report that is not JSON")
    if validate([]).returncode != 2:
        sys.exit("validate_report.py without reports did not exit with status 2")
    print(f"{len(breakages) + 1} broken reports rejected")


if __name__ == "__main__":
    main()
