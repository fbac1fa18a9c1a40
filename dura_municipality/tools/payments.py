"""The suite's one rule on registering payments, shared by every addon that sells through
Invoicing (fees of the service center, utility bills and top-ups), each of which may be
installed without the others."""

from odoo.exceptions import UserError


def refuse_cancelled_invoices(wizards):
    """Raise when an invoice of the payment wizards `wizards` (``account.payment.register``)
    was cancelled: money must never be taken for nothing.

    Odoo 18's wizard only checks the residual when it opens: a cashier who confirms after
    someone cancelled the bill or the fee invoice (or who loses a race with that cancel and is
    retried) would reconcile a payment with a cancelled invoice. Called in the confirming
    transaction, so that the retry of a serialization failure sees the cancel. Draft invoices
    stay payable: Odoo 18 registers payments on drafts on purpose."""
    for wizard in wizards:
        gone = wizard.line_ids.move_id.filtered(lambda move: move.state == "cancel")
        if gone:
            raise UserError(
                wizards.env._(
                    "%(invoices)s was cancelled meanwhile: no payment was registered.",
                    invoices=", ".join(gone.mapped("display_name")),
                )
            )
