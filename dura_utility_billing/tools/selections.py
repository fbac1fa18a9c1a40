"""Selections that several models and modules share: one owner, one wording, one translation."""

# What happens to the credit left on a prepaid card when its meter is converted to invoice
# billing: the company's setting, the conversion wizard, the subscription (what was done) and
# the service request of dura_municipal_requests_utility all offer the same choice.
CREDIT_POLICIES = [
    ("credit_note", "Refund by credit note"),
    ("carry_forward", "Carry to the next invoices"),
]
