"""Print Odoo's requirements.txt with the pins chosen for Python >= 3.12.

Odoo's pins for Python 3.11 include releases that no longer build from PyPI
(old ``cbor2``, packages needing ``pkg_resources``); its 3.12 pins install
cleanly on 3.11 too.  Packages that need system headers this project does not
use (``python-ldap``) and Windows-only packages are left out.
"""

import sys

from packaging.requirements import Requirement

SKIPPED = {"python-ldap", "pypiwin32", "rl-renderpm"}
MARKER_ENV = {"python_version": "3.12", "python_full_version": "3.12.0"}


def main(path):
    with open(path, encoding="utf-8") as requirements:
        lines = requirements.readlines()
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.name.lower() in SKIPPED:
            continue
        if requirement.marker and not requirement.marker.evaluate(MARKER_ENV):
            continue
        requirement.marker = None
        print(requirement)


if __name__ == "__main__":
    main(sys.argv[1])
