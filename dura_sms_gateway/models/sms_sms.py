from odoo import api, fields, models

from ..tools.phone_numbers import check_number
from ..tools.selections import SMS_KINDS

QUEUE_PAGE = 10000  # SMS taken per run by sms.sms._process_queue (limit of its search)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    state = fields.Selection(
        selection_add=[("to_approve", "To Approve")],
        ondelete={"to_approve": lambda records: records.write({"state": "canceled"})},
    )
    dura_kind = fields.Selection(
        SMS_KINDS,
        string="Kind",
        default="transactional",
        help="Transactional notices about a citizen's own file are delivered even to "
        "blacklisted numbers; bulk messages (campaigns, awareness) wait for approval and "
        "respect the blacklist.",
    )
    dura_res_model = fields.Char("Related Model", index=True)
    dura_res_id = fields.Many2oneReference("Related Record", model_field="dura_res_model")
    dura_batch_id = fields.Many2one("dura.sms.batch", "Approval Batch", index="btree_not_null")
    dura_sending_since = fields.Datetime(
        "Sending Since",
        readonly=True,
        copy=False,
        help="Set (and committed) when the dispatcher hands the SMS to a provider, cleared when "
        "the result is recorded: still set later means the dispatcher died meanwhile.",
    )
    dura_sending_lock = fields.Integer(
        "Sending Lock",
        readonly=True,
        copy=False,
        help="Number of the advisory lock the dispatcher holds while this SMS's batch is with "
        "the provider: a batch whose lock is still held is being sent, however long it takes.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        routed = self.env["dura.sms.provider"]._dura_gateway_active()
        gated = [
            vals
            for vals in vals_list
            if routed
            and vals.get("dura_kind") == "bulk"
            and vals.get("state", "outgoing") == "outgoing"
            and not vals.get("dura_batch_id")
        ]
        if gated:
            # a bulk send is checked by an approver before it reaches citizens
            batch = self.env["dura.sms.batch"].sudo().create({"body": gated[0].get("body")})
            for vals in gated:
                vals.update(state="to_approve", dura_batch_id=batch.id)
        records = super().create(vals_list)
        if any(sms.state == "outgoing" for sms in records):
            records._dura_trigger_dispatch()
        return records

    # ------------------------------------------------------------
    # SENDING (overrides)
    # ------------------------------------------------------------

    @api.model
    def _process_queue(self, ids=None):
        self._dura_recover_interrupted()
        queued = [("state", "=", "outgoing"), ("to_delete", "!=", True)]
        pending = ids is None and self.search_count(queued)
        if pending > QUEUE_PAGE:
            # the page Odoo's queue takes (its own search, same order), so that what is left
            # is known
            ids = self.search(queued, limit=QUEUE_PAGE).ids
        started = fields.Datetime.now()
        # the queue cron is the only place where our providers are called
        res = super(SmsSms, self.with_context(dura_dispatch=True))._process_queue(ids=ids)
        Message = self.env["dura.sms.message"].sudo()
        # reports parked in a race with an earlier run's commit
        Message._apply_parked_reports()
        if pending > QUEUE_PAGE:
            # Odoo's queue takes one page per run: have the cron run again at once rather than
            # leave the rest waiting for its next call -- but only if messages left for
            # citizens. When the providers took none (down, refusing), running again at once
            # would only fail the next pages too, ten times a tick.
            left = self.search_count(queued)
            sent = Message.search_count([("sent_date", ">=", started)], limit=1)
            # others may have queued more meanwhile: never a negative count
            done = max(pending - left, 0) if sent else 0
            self.env["ir.cron"]._notify_progress(done=done, remaining=left)
        return res

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        if not self.env["dura.sms.provider"]._dura_gateway_active():
            return super().send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                auto_commit=auto_commit,
                raise_exception=raise_exception,
            )
        ours = self._dura_routed()
        stock = self - ours
        if stock:
            super(SmsSms, stock).send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                auto_commit=auto_commit,
                raise_exception=raise_exception,
            )
        if ours:
            if self.env.context.get("dura_dispatch"):
                ours._dura_dispatch(unlink_sent=unlink_sent, auto_commit=auto_commit)
            else:
                # never call a provider inside the caller's transaction
                ours._dura_trigger_dispatch()
        return None

    # ------------------------------------------------------------
    # DISPATCH
    # ------------------------------------------------------------

    def _dura_routed(self):
        """SMS handled by our providers: a provider serves the number, or the number cannot
        be served (we refuse it with a reason rather than pass it to Odoo's IAP)."""
        Provider = self.env["dura.sms.provider"]
        table = Provider._routing_table()
        return self.filtered(
            lambda sms: (check := check_number(sms.number)).code
            or Provider._candidates(check.e164, table=table)
        )

    def _dura_number_reason(self, code):
        return {
            "missing": self.env._("No mobile number."),
            "invalid": self.env._("Not a valid mobile number."),
            "landline": self.env._("A landline number cannot receive SMS."),
            "foreign": self.env._("Foreign numbers are not served."),
        }[code]
