"""Top-ups get receipt codes (TOP/<year>/<n>) from 18.0.1.1.0 on: number the ones already paid,
oldest first, so that every paid top-up has a receipt to print and quote."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.ref("dura_utility_billing.seq_dura_utility_topup").implementation = "no_gap"
    topups = env["dura.utility.topup"].search(
        [("state", "=", "paid"), "|", ("name", "=", False), ("name", "=", "/")],
        order="date, id",
    )
    sequence = env["ir.sequence"]
    for topup in topups:
        # one number each, in order: the sequence is what gives them
        topup.name = sequence.next_by_code("dura.utility.topup")
