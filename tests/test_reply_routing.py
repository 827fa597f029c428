# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A customer's SMS or WhatsApp answer reaches the salesperson and the
followers in Odoo (inbox or email, as each chose), never on their phones."""

from odoo.tests import tagged

from .common import CUSTOMER_MOBILE, TwilioOrderCase

REPLY = "Can you deliver on Friday?"


@tagged("post_install", "-at_install")
class TestRepliesReachNoPhone(TwilioOrderCase):
    def assert_notified_in_odoo(self, message):
        """The salesperson in their inbox, the follower by email, as they
        chose; nobody by SMS."""
        types = {
            n.res_partner_id: n.notification_type for n in message.notification_ids
        }
        self.assertEqual(types.get(self.salesman.partner_id), "inbox")
        self.assertEqual(types.get(self.manager.partner_id), "email")
        self.assertNotIn("sms", types.values())
        self.assertFalse(
            self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])
        )

    def test_an_sms_reply_is_not_texted_to_the_salesperson(self):
        self.text_the_customer()
        self.assertEqual(len(self.messages_to_twilio()), 1)
        for text in (REPLY, "START"):
            reply = self.receive(text)
            self.assertEqual(reply.body, text)
            message = reply.mail_message_id
            self.assertEqual(message.res_id, self.order.id)
            self.assertEqual(message.author_id, self.customer)
            self.assertIn(text, message.body)
            self.assert_notified_in_odoo(message)
        # Only the rule's SMS to the customer ever reached Twilio.
        (request,) = self.messages_to_twilio()
        self.assertEqual(request.form["To"], CUSTOMER_MOBILE)
        # The manager's email says what the customer wrote, as sent.
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "=", reply.mail_message_id.id)])
        )
        self.assertIn(self.manager.partner_id, mails.recipient_ids)
        self.assertIn("START", mails.body_html)

    def test_a_whatsapp_reply_is_not_texted_to_the_salesperson(self):
        reply = self.receive(REPLY, whatsapp=True)
        self.assertEqual((reply.channel, reply.order_id), ("whatsapp", self.order))
        self.assert_notified_in_odoo(reply.mail_message_id)
        self.assertFalse(self.messages_to_twilio())

    def test_the_salesperson_reads_it_in_odoo(self):
        self.receive(REPLY)
        self.start_tour(
            "/odoo/action-mail.action_discuss",
            "sale_status_automation_first_hour_reply_tour",
            login=self.salesman.login,
        )
