# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The placeholders of a rule's text, read without running them.

A text that cannot be rendered is refused with the placeholder that fails,
never with what rendering printed: an error message may carry a value the
code read (the int() of a secret), a traceback or a server path.
"""

from lxml import etree, html

from odoo.tools.rendering_tools import parse_inline_template

# QWeb attributes holding a Python expression (t-attf-* and t-valuef hold
# formats, whose {{ }} parts are expressions too).
QWEB_EXPRESSION_ATTRIBUTES = ("t-out", "t-esc", "t-raw", "t-if", "t-elif", "t-value")


def inline_placeholders(source):
    """The expressions of ``source``, an inline template ({{ ... }})."""
    return [
        expression.strip()
        for _text, expression, _default in parse_inline_template(str(source or ""))
        if expression and expression.strip()
    ]


def qweb_placeholders(source):
    """The expressions of ``source``, a QWeb body (t-out, t-if, ...)."""
    if not source:
        return []
    try:
        root = html.fragment_fromstring(str(source), create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    found = []
    for node in root.iter():
        for name, value in node.attrib.items():
            if name in QWEB_EXPRESSION_ATTRIBUTES or name.startswith("t-att-"):
                found.append(value.strip())
            elif name.startswith("t-attf-") or name == "t-valuef":
                found.extend(inline_placeholders(value))
    return [expression for expression in found if expression]


def placeholders(source, engine):
    """The expressions of ``source`` for the rendering ``engine``."""
    if engine in ("qweb", "qweb_view"):
        return qweb_placeholders(source)
    return inline_placeholders(source)


def alone(expression, engine):
    """A template holding only ``expression``, to try it by itself."""
    if engine in ("qweb", "qweb_view"):
        quoted = expression.replace("&", "&amp;").replace('"', "&quot;")
        return f'<t t-out="{quoted}"/>'
    return f"{{{{ {expression} }}}}"
