from odoo import api, fields, models


class DuraServiceRequestDemo(models.AbstractModel):
    """Demo data helpers, called from the demo XML (``<function>``): kept out of the request
    model, whose users never need them."""

    _name = "dura.service.request.demo"
    _description = "Service Request Demo Data"

    @api.model
    def _approve_sms_templates(self, templates=None):
        """Approve the request SMS templates as the municipality's SMS approver would.

        The approval goes through the gateway's own action, in the name of the demo approver
        (login ``approver``) when it exists; a real database has its approver read and approve
        them once.
        """
        templates = templates or self.env["sms.template"].search(
            [("model", "=", "dura.service.request")]
        )
        approver = self.env.ref("dura_sms_gateway.user_sms_approver", raise_if_not_found=False)
        if approver and approver.has_group("dura_sms_gateway.group_sms_approver"):
            templates.with_user(approver).action_dura_approve()
        else:
            templates.sudo().action_dura_approve()
        return True

    @api.model
    def _pay_fees(self, request_ids):
        """Pay the fee invoices of the requests ``request_ids`` in cash, as the cashier would."""
        requests = self.env["dura.service.request"].browse(request_ids)
        for request in requests.filtered(lambda r: r.state == "awaiting_payment" and r.invoice_id):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=request.invoice_id.ids
            ).create({"payment_date": request.invoice_id.invoice_date})._create_payments()
        return True

    @api.model
    def _answer_feedback(self, answers):
        """The citizens answer the rating SMS: `answers` is [(request id, text)]. Each request
        is asked (as the hourly cron would) and the answer recorded as the inbound SMS would
        record it; no reply is queued (a demo database must not hold SMS waiting to leave)."""
        Request = self.env["dura.service.request"]
        for request_id, text in answers:
            request = Request.browse(request_id)
            request.write({"feedback_state": "asked", "feedback_asked_on": fields.Datetime.now()})
            rating, note = ([*text.split(maxsplit=1), ""])[:2]
            request.with_context(lang=request.partner_id.lang)._feedback_receive(int(rating), note)
        return True

    @api.model
    def _complete_step_as(self, request_ids, user_id):
        """The officer `user_id` completes the current step of the requests, in their language
        (no SMS: a demo database holds none waiting to leave)."""
        user = self.env["res.users"].browse(user_id)
        self.env["dura.service.request"].browse(request_ids).with_user(user).with_context(
            lang=user.lang, dura_demo_no_sms=True
        ).action_complete_step()
        return True
