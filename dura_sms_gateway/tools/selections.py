"""Selections several of the gateway's models share: one owner, one wording, one translation."""

# What an SMS is for: a transactional one answers a citizen's own business (their request,
# their bill) and flows once its template is approved; a bulk one (awareness messages,
# campaigns) waits for an SMS approver and respects the blacklist.
SMS_KINDS = [("transactional", "Transactional"), ("bulk", "Bulk")]
