# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Twilio's reports of a robocall (answered, busy, failed: the call placed
again or the execution finished) and the key the customer pressed at the
call's question (noted, and what the rule says of the key done)."""

import logging
from datetime import timedelta

from twilio.twiml.voice_response import VoiceResponse

from odoo import fields, models

from ...tools.twilio import form_int
from .speech import (
    GOODBYE,
    KEYPAD,
    NOBODY_THERE,
    NOT_AN_ANSWER,
    THANK_YOU,
    Speech,
)

_logger = logging.getLogger(__name__)


class SaleStatusChannelCall(models.AbstractModel):
    _inherit = "sale.status.channel.call"

    def _on_call_status(self, execution, params):
        """Take a Twilio call status report into account, once, in order."""
        sid, status = params.get("CallSid"), params.get("CallStatus")
        # A report whose place in the call cannot be read is ignored as late.
        sequence = form_int(params, "SequenceNumber", default=-1)
        if sid != execution.provider_ref or execution.state != "sent":
            _logger.info(
                "Ignored call report %s %s for execution %s (%s, call %s)",
                sid,
                status,
                execution.id,
                execution.state,
                execution.provider_ref,
            )
            return
        if sequence <= execution.call_sequence:
            _logger.info("Ignored repeated or late call report %s of %s", sequence, sid)
            return
        execution.call_sequence = sequence
        if status == "completed":
            # The call was answered, whatever its duration says: a missing
            # or unreadable one is kept as 0 and shown as unknown.
            duration = form_int(params, "CallDuration")
            answered_by = params.get("AnsweredBy") or ""
            execution.write(
                {"call_duration": duration or 0, "answered_by": answered_by}
            )
            execution._finish(
                "delivered",
                self.env._(
                    "Answered%(by)s, %(duration)s s.",
                    by=self.env._(" by %s", answered_by) if answered_by else "",
                    duration="?" if duration is None else duration,
                ),
            )
        elif status in ("busy", "no-answer"):
            self._call_again_or_fail(execution, status)
        elif status in ("failed", "canceled"):
            execution._finish(
                "failed", self.env._("The call %(status)s.", status=status)
            )

    def _on_key(self, execution, params, again=False):
        """The customer pressed a key at the call's question: note it, once,
        and do what the rule says of the key. Return the TwiML of what the
        call does next."""
        rule, order = execution.rule_id, execution.order_id
        response = VoiceResponse()
        if params.get("CallSid") != execution.provider_ref:
            _logger.info(
                "Ignored key of call %s for %s", params.get("CallSid"), execution
            )
            response.hangup()
            return str(response)
        voice, language, lang = self._speaker(rule, order, execution.partner_id)
        speech = Speech(voice.name, language, rule, voice._prosody())
        if execution.call_key:
            # Twilio posts again when our answer was late: answer the same,
            # act once.
            key = rule.call_key_ids.filtered(
                lambda line: line.key == execution.call_key
            )
            self._answer_key(response, key, order, speech, lang)
            return str(response)
        digits = params.get("Digits") or ""
        if digits and digits not in KEYPAD:
            # The question asks for one key (numDigits=1): anything else is
            # read as no answer, never as the key it starts with.
            _logger.warning(
                "Twilio posted Digits=%r for %s, not one key: read as no answer",
                digits[:20],
                execution,
            )
            digits = ""
        key = rule.call_key_ids.filtered(lambda line: line.key == digits)
        if not key:
            speech.say_phrase(response, NOT_AN_ANSWER)
            if again:
                speech.say_phrase(response, GOODBYE)
                response.hangup()
            else:
                question = self._render(rule, "call_question", order, lang)
                self._ask(response, execution, speech, question, again=True)
            return str(response)
        if execution.is_test and key.action == "move":
            # A test call goes to the tester, about an order of the customer.
            outcome = self.env._("a test call moves no order.")
        else:
            outcome = self._act_on_key(key, order)
        execution.write({"call_key": digits, "call_keys_pressed": 1})
        # sudo: the note is the automation's (OdooBot), as the engine's log.
        order.sudo()._message_log(
            body=self.env._(
                "The customer pressed %(key)s during the call of %(rule)s: %(outcome)s",
                key=digits,
                rule=rule.name,
                outcome=outcome,
            ),
            author_id=self.env.ref("base.partner_root").id,
        )
        self._answer_key(response, key, order, speech, lang)
        return str(response)

    def _act_on_key(self, key, order):
        """Do what ``key`` says; return what became of it, for the chatter."""
        env = self.env
        if key.action == "move":
            before = order.stage_id
            env["sale.status.trigger"]._fire("call_key", order, reply=key.key)
            if order.stage_id != before:
                return env._("the order moved to %s.", order.stage_id.name)
            # sudo: the company's triggers, read for the chatter's explanation.
            target = key.sudo()._trigger_stage(order.company_id)
            if target and not target._admits(order):
                return env._(
                    "the order stays in %(current)s: %(status)s is for orders in "
                    "another state than the order's.",
                    current=before.name,
                    status=target.name,
                )
            return env._(
                'no trigger "Customer pressed a key during a call" moves the '
                "order further for this key."
            )
        if key.action == "note":
            return env._("noted.")
        number = self._number_of_key(key, order)
        if not number:
            return env._("the salesperson has no phone number to connect to.")
        return env._("connected to %s.", number)

    def _number_of_key(self, key, order):
        if key.action == "number":
            return key._phone_e164()
        if key.action == "salesperson":
            return order.user_id.partner_id._phone_format(fname="phone")
        return False

    def _answer_key(self, response, key, order, speech, lang):
        env = self.with_context(lang=lang or self.env.lang).env
        answer = key.with_env(env).answer
        number = self._number_of_key(key, order)
        if number:
            if answer:
                speech.say(response, answer)
            response.dial(number)
        elif key.action in ("salesperson", "number"):
            speech.say_phrase(response, NOBODY_THERE)
        elif answer:
            speech.say(response, answer)
        else:
            speech.say_phrase(response, THANK_YOU)
        response.hangup()

    def _call_again_or_fail(self, execution, status):
        rule = execution.rule_id
        if execution.is_test or execution.attempts >= rule.call_retry_max:
            execution._finish(
                "failed",
                self.env._(
                    "%(status)s, %(attempts)s call(s): giving up.",
                    status=status,
                    attempts=execution.attempts,
                ),
                unreachable=True,
            )
            return
        due = fields.Datetime.now() + timedelta(minutes=rule.call_retry_minutes)
        execution._schedule_again(
            due,
            self.env._(
                "%(status)s: calling again at %(due)s (UTC).", status=status, due=due
            ),
        )
