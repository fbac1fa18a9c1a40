"""Test-only models for the SMS sender mixin, loaded by odoo-test-helper's FakeModelLoader.

Never imported by tests/__init__.py: importing this file registers its classes, which the
loader must do itself, after it has backed up the registry.
"""

from odoo import fields, models


class DuraSmsTestFile(models.Model):
    """A citizen's file with a chatter: texted through its partner's mobile, else phone."""

    _name = "dura.sms.test.file"
    _description = "SMS Sender Test File"
    _inherit = ["mail.thread", "dura.sms.sender.mixin"]

    name = fields.Char()
    partner_id = fields.Many2one("res.partner")


class DuraSmsTestCounter(models.Model):
    """A record that keeps the number the citizen gave (no chatter, no fallback)."""

    _name = "dura.sms.test.counter"
    _description = "SMS Sender Test Counter"
    _inherit = ["dura.sms.sender.mixin"]

    name = fields.Char()
    partner_id = fields.Many2one("res.partner")
    mobile = fields.Char()

    def _phone_get_number_fields(self):
        return ["mobile"]
