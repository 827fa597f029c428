"""PEP 517 build backend: whool's wheel, less the repository's own tooling.

whool builds an OCA-style wheel from every file git tracks in the addon's
folder, and has no way to leave files out (whool 1.3.1; sbidoul/whool#36 asks
for one).  In OCA repositories each addon is a sub-folder, so the repository's
tooling stays out of its wheel by itself; here the repository root is the
addon.  This wrapper lets whool build the wheel, then takes out of it the
paths that pyproject.toml lists in ``[tool.addon-wheel] exclude`` (relative to
the addon; a trailing ``/`` names a folder) and their lines in RECORD.

sdists and editable installs are whool's own: an sdist keeps everything,
this backend included, so that a wheel can be built from it.
"""

import csv
import io
import os
import zipfile

from whool import buildapi

try:
    import tomllib
except ImportError:  # Python < 3.11, where whool requires tomli
    import tomli as tomllib

build_sdist = buildapi.build_sdist
build_editable = buildapi.build_editable
prepare_metadata_for_build_wheel = buildapi.prepare_metadata_for_build_wheel
prepare_metadata_for_build_editable = buildapi.prepare_metadata_for_build_editable


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = buildapi.build_wheel(wheel_directory, config_settings, metadata_directory)
    with open("pyproject.toml", "rb") as pyproject:  # pip builds in the addon
        options = tomllib.load(pyproject).get("tool", {}).get("addon-wheel", {})
    strip_wheel(os.path.join(wheel_directory, name), options.get("exclude", []))
    return name


def excluded(entry, patterns):
    """Whether a wheel entry (odoo/addons/<addon>/<path>) is to be left out."""
    parts = entry.split("/")
    if parts[:2] != ["odoo", "addons"] or len(parts) < 4:
        return False
    path = "/".join(parts[3:])
    for pattern in patterns:
        if pattern.endswith("/"):
            if path.startswith(pattern):
                return True
        elif path == pattern:
            return True
    return False


def strip_wheel(wheel, patterns):
    """Rewrites the wheel without the excluded entries."""
    if not patterns:
        return
    stripped = wheel + ".tmp"
    with (
        zipfile.ZipFile(wheel) as source,
        zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if excluded(info.filename, patterns):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = strip_record(data, patterns)
            target.writestr(info, data)
    os.replace(stripped, wheel)


def strip_record(data, patterns):
    rows = csv.reader(io.StringIO(data.decode("utf-8")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(row for row in rows if row and not excluded(row[0], patterns))
    return out.getvalue().encode("utf-8")
