# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL, sql


def migrate(cr, version):
    """The robocall voices became records (data/sale.status.voice.csv): the
    voice a rule or a company named is now the record of that voice in the
    language it was set with."""
    for table, old, language, new in (
        ("sale_status_rule", "call_voice", "call_language", "call_voice_id"),
        (
            "res_company",
            "sale_status_voice",
            "sale_status_voice_language",
            "sale_status_voice_id",
        ),
    ):
        if not sql.column_exists(cr, table, old):
            continue
        cr.execute(
            SQL(
                "UPDATE %(table)s t SET %(new)s = v.id FROM sale_status_voice v "
                "WHERE v.name = t.%(old)s AND v.language = t.%(language)s",
                table=SQL.identifier(table),
                new=SQL.identifier(new),
                old=SQL.identifier(old),
                language=SQL.identifier(language),
            )
        )
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP COLUMN %s",
                SQL.identifier(table),
                SQL.identifier(old),
            )
        )
