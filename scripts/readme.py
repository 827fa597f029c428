"""Write the product part of README.md from the readme/ fragments, the OCA way.

OCA addons describe themselves in readme/ fragments (DESCRIPTION.md,
CONFIGURE.md, USAGE.md, CONTRIBUTORS.md, ...) and generate their README from
them and from the manifest with ``oca-gen-addon-readme``.  That tool is not on
PyPI (OCA/maintainer-tools is installed from git) and writes a README.rst
through pandoc, so this script does the same job for this repository's
README.md: it rewrites the part between the two markers below, in OCA's
section order and titles, and leaves the rest of README.md (requirements,
installation, the developer commands), which is written by hand, as it is.

    python3 scripts/readme.py          # rewrite README.md
    python3 scripts/readme.py --check  # fail when README.md is not up to date

It needs the Python standard library only.
"""

import argparse
import ast
import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- readme/ generated: do not edit, see readme/ -->"
END = "<!-- end of the part generated from readme/ -->"

# OCA's order and titles (oca-gen-addon-readme); DESCRIPTION has no title.
SECTIONS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
CREDITS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]
GITHUB = re.compile(r"^https://github\.com/(?P<repo>[^/]+/[^/]+?)/?$")


def fragments(root):
    """The readme/ fragments by name, without their surrounding blank lines."""
    found = {}
    for path in sorted((root / "readme").glob("*.md")):
        text = path.read_text(encoding="utf-8").strip()
        if text:
            found[path.stem] = text
    unknown = set(found) - {name for name, _title in SECTIONS + CREDITS}
    if unknown:
        raise SystemExit(
            f"readme/ has fragments OCA does not know: {', '.join(sorted(unknown))}"
        )
    if "DESCRIPTION" not in found:
        raise SystemExit("readme/DESCRIPTION.md is missing or empty")
    return found


def generate(root):
    """The product part of README.md, markers included."""
    manifest = ast.literal_eval((root / "__manifest__.py").read_text("utf-8"))
    parts = fragments(root)
    website = manifest.get("website", "")
    github = GITHUB.match(website)
    out = [BEGIN, f"# {manifest['name']}"]
    facts = [
        f"**Maturity:** {manifest.get('development_status', 'Beta')}",
        f"**License:** {manifest['license']}",
    ]
    if github:
        facts.append(f"**Source:** [{github['repo']}]({website})")
    out.append(" · ".join(facts))
    for name, title in SECTIONS:
        if name in parts:
            out += ([f"## {title}"] if title else []) + [parts[name]]
    if github:
        out.append("## Bug Tracker")
        out.append(
            f"Bugs are tracked on [GitHub Issues]({website}/issues). In case of "
            "trouble, please check there if your issue has already been "
            "reported; if not, report it with the steps to reproduce it."
        )
    out.append("## Credits")
    authors = [author.strip() for author in manifest["author"].split(",")]
    out += ["### Authors", "\n".join(f"- {author}" for author in authors)]
    for name, title in CREDITS:
        if name in parts:
            out += [f"### {title}", parts[name]]
    maintainers = manifest.get("maintainers", [])
    if maintainers or github:
        out.append("### Maintainers")
    if maintainers:
        people = ", ".join(f"[@{m}](https://github.com/{m})" for m in maintainers)
        plural = "s" if len(maintainers) > 1 else ""
        out.append(f"Current maintainer{plural}: {people}")
    if github:
        out.append(
            f"This module is part of the [{github['repo']}]({website}) project on "
            "GitHub. You are welcome to contribute."
        )
    out.append(END)
    return "\n\n".join(out) + "\n"


def splice(readme, generated):
    """README.md with its generated part replaced."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md lacks the markers {BEGIN!r} ... {END!r}")
    rest = readme[end + len(END) :].lstrip("\n")
    return readme[:start] + generated + ("\n" + rest if rest else "")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail when README.md is not what readme/ generates",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = args.root / "README.md"
    current = path.read_text(encoding="utf-8")
    wanted = splice(current, generate(args.root))
    if current == wanted:
        return 0
    if not args.check:
        path.write_text(wanted, encoding="utf-8")
        sys.stderr.write("README.md updated from readme/\n")
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        wanted.splitlines(keepends=True),
        "README.md",
        "README.md as readme/ generates it",
    )
    sys.stderr.writelines(diff)
    sys.stderr.write(
        "\nREADME.md is out of date with readme/ and __manifest__.py: edit the "
        "fragments in readme/, not README.md, then run python3 scripts/readme.py\n"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
