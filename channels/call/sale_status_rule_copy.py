# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleStatusRuleCopy(models.TransientModel):
    """*Copy to…* another company for a robocall: where its keys move the
    orders there, said before copying and set on the copy."""

    _inherit = "sale.status.rule.copy"

    def _company_notes(self, rule):
        notes = super()._company_notes(rule)
        return notes + [note for _key, _stage, note in self._key_moves(rule)]

    def _adapt_copy(self, rule, copy):
        notes = super()._adapt_copy(rule, copy)
        for key, stage, note in self._key_moves(rule):
            if stage:
                # As choosing Moves To does: sets the key's trigger in the
                # target company.
                copy.call_key_ids.filtered(
                    lambda line, key=key: line.key == key
                ).stage_id = stage
            notes.append(note)
        return notes

    def _key_moves(self, rule):
        """(key, status, note) for each key of ``rule``'s call that moves the
        order: where it moves orders in the target company. A key moves an
        order through its company's trigger, which the copy does not carry:
        the status is mapped to the target company's of the same name, else
        the one at the same place in its pipeline; ``status`` is empty when
        the key cannot or need not be set."""
        company = self.company_id
        moves = []
        if not company or rule.company_id == company:
            return moves
        Stage = self.env["sale.order.stage"]
        target_stages = Stage.search(Stage._company_domain(company))
        for line in rule.call_key_ids.filtered(
            lambda line: line.action == "move" and line.stage_id
        ):
            source = line.stage_id
            stage, how = self._stage_equivalent(source, target_stages)
            current = line._trigger_stage(company)
            if not stage:
                moves.append(
                    (
                        line.key,
                        Stage,
                        self.env._(
                            "key %(key)s moves orders to %(status)s, which "
                            "%(company)s has no status like: choose its Moves To "
                            "on the copy.",
                            key=line.key,
                            status=source.name,
                            company=company.name,
                        ),
                    )
                )
            elif current and current != stage:
                moves.append(
                    (
                        line.key,
                        Stage,
                        self.env._(
                            "key %(key)s already moves the orders of %(company)s "
                            "to %(current)s (the company's trigger), not to "
                            "%(status)s: kept.",
                            key=line.key,
                            company=company.name,
                            current=current.name,
                            status=stage.name,
                        ),
                    )
                )
            else:
                moves.append(
                    (
                        line.key,
                        Stage if current else stage,
                        self.env._(
                            "key %(key)s moves orders to %(status)s (%(how)s).",
                            key=line.key,
                            status=stage.name,
                            how=how,
                        ),
                    )
                )
        return moves

    def _stage_equivalent(self, source, target_stages):
        """(status, how it was found): the status of ``target_stages``
        standing for ``source``, or an empty record."""
        if source in target_stages:
            return source, self.env._("shared by every company")
        same_name = target_stages.filtered(
            lambda stage: (
                (stage.name or "").strip().lower()
                == (source.name or "").strip().lower()
            )
        )
        if len(same_name) == 1:
            return same_name, self.env._("the status of the same name")
        # Else the status at the same place among each company's own ones
        # (the shared ones are the same in both).
        Stage = self.env["sale.order.stage"]
        source_own = Stage.search([("company_id", "=", source.company_id.id)])
        target_own = target_stages.filtered("company_id")
        place = source_own.ids.index(source.id) if source in source_own else None
        if not same_name and place is not None and place < len(target_own):
            return target_own[place], self.env._(
                "the status at the same place in its pipeline: check it"
            )
        return Stage, ""
