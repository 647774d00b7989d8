#!/usr/bin/env python3
"""Validates report.json files against schema/report.schema.json (python3-jsonschema, Debian).

Usage: validate_report.py REPORT.json...
Prints one line per violation (file: path: message). Exit status: 0 every report valid, 1 some
report invalid or not JSON, 2 bad usage or an unusable schema.
"""
import json
import sys
from pathlib import Path

import jsonschema

if len(sys.argv) < 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
schema_file = Path(__file__).resolve().parent.parent / "schema" / "report.schema.json"
try:
    schema = json.loads(schema_file.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
except (OSError, ValueError, jsonschema.exceptions.SchemaError) as error:
    print(f"{schema_file}: unusable schema: {error}", file=sys.stderr)
    sys.exit(2)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for name in sys.argv[1:]:
    try:
        report = json.loads(Path(name).read_text())
    except (OSError, ValueError) as error:
        print(f"{name}: not a readable JSON file: {error}")
        failed += 1
        continue
    try:
        errors = sorted(validator.iter_errors(report), key=lambda e: list(map(str, e.path)))
    except Exception as error:  # e.g. a $ref the schema cannot resolve: the schema's fault
        print(f"{schema_file}: unusable schema while checking {name}: {error!r}", file=sys.stderr)
        sys.exit(2)
    for error in errors:
        print(f"{name}: {'/'.join(map(str, error.path))}: {error.message}")
    failed += bool(errors)
sys.exit(1 if failed else 0)
