"""Reads a zip with Python's zipfile for ZipWriterTests: CRC check, names, sizes, SHA-256s, modes, methods."""
import hashlib
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as archive:
    bad = archive.testzip()
    entries = []
    for info in archive.infolist():
        entries.append({
            "name": info.filename,
            "size": info.file_size,
            "sha256": hashlib.sha256(archive.read(info)).hexdigest(),
            "mode": (info.external_attr >> 16) & 0o177777,
            "method": info.compress_type,
            "createSystem": info.create_system,
            "dateTime": list(info.date_time),
        })
json.dump({"firstBadFile": bad, "entries": entries}, sys.stdout)
