#!/usr/bin/env python3
"""Validates report.json files against schema/report.schema.json (python3-jsonschema, Debian)."""
import json
import sys
from pathlib import Path

import jsonschema

schema = json.loads((Path(__file__).resolve().parent.parent / "schema" / "report.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for name in sys.argv[1:]:
    report = json.loads(Path(name).read_text())
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    for error in errors:
        print(f"{name}: {'/'.join(map(str, error.path))}: {error.message}")
    failed += bool(errors)
sys.exit(1 if failed else 0)
