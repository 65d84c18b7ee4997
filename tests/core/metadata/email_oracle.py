# SPDX-License-Identifier: GPL-3.0-or-later
"""Core metadata as Python's email.parser (compat32 policy) reads it: the peer for
CoreMetadata. Reads a JSON list of base64 documents on stdin and also collects the real
METADATA / PKG-INFO files installed on this system (dist-packages, /usr/share/python-wheels).
Writes, per document: the raw bytes, the headers in order, the body, and the defects."""
import base64
import email.header
import email.parser
import email.policy
import glob
import json
import sys
import zipfile


def parse(data):
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
    headers = []
    for name, value in message.items():
        if isinstance(value, email.header.Header):
            # Non-ASCII header: decode the raw bytes as packaging.metadata.parse_email does.
            chunks = [(raw, "utf8") for raw, _ in email.header.decode_header(value)]
            value = email.header.make_header(chunks)
        headers.append([name, str(value)])
    payload = message.get_payload(decode=True) or b""
    return {
        "raw": base64.b64encode(data).decode("ascii"),
        "headers": headers,
        "body": payload.decode("utf-8", "replace"),
        "defects": len(message.defects),
    }


def installed_documents(limit):
    found = []
    patterns = [
        "/usr/lib/python3/dist-packages/*.dist-info/METADATA",
        "/usr/lib/python3/dist-packages/*.egg-info/PKG-INFO",
        "/usr/lib/python3/dist-packages/*.egg-info",
    ]
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            try:
                with open(path, "rb") as handle:
                    found.append(handle.read())
            except (IsADirectoryError, OSError):
                continue
    for wheel in sorted(glob.glob("/usr/share/python-wheels/*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.endswith(".dist-info/METADATA"):
                    found.append(archive.read(name))
    return found[:limit]


documents = [base64.b64decode(d) for d in json.load(sys.stdin)]
documents += installed_documents(200)
json.dump([parse(d) for d in documents], sys.stdout)
