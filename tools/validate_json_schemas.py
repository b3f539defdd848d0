#!/usr/bin/env python3
"""Validates JSON documents against the official schemas in a folder.

usage: validate_json_schemas.py SCHEMA_DIR SCHEMA_FILE DOCUMENT...

Every *.json in SCHEMA_DIR is registered under its $id, so references between
schemas (CycloneDX -> spdx.schema.json / jsf, CSAF -> CVSS) resolve offline.
Prints one line per document and exits 1 if any is invalid.
"""
import json
import pathlib
import sys

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def registry(schema_dir):
    resources = []
    for path in sorted(pathlib.Path(schema_dir).glob("*.json")):
        schema = json.loads(path.read_text())
        if not isinstance(schema, dict):
            continue
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        resources.append((path.name, resource))
        for key in ("$id", "id"):
            uri = schema.get(key)
            if isinstance(uri, str):
                # Also without a fragment or query ("cvss-v3.1.json?20211103").
                for variant in {uri, uri.rstrip("#"), uri.split("?")[0]}:
                    resources.append((variant, resource))
    return Registry().with_resources(resources)


def main():
    schema_dir, schema_file, *documents = sys.argv[1:]
    schema = json.loads((pathlib.Path(schema_dir) / schema_file).read_text())
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = cls(schema, registry=registry(schema_dir))
    failed = 0
    for doc_path in documents:
        doc = json.loads(pathlib.Path(doc_path).read_text())
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            failed += 1
            print(f"INVALID {doc_path} against {schema_file}: {len(errors)} error(s)")
            for e in errors[:10]:
                print(f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
        else:
            print(f"valid   {doc_path} against {schema_file}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
