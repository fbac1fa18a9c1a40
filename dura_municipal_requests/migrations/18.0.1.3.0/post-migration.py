"""18.0.1.3.0: repair what databases installed with 18.0.1.2.x hold (issue 13).

- Files attached on a document line before the line was first saved were left with
  ``res_id = 0`` (and the demo's single scan was shared by every line): nobody but their
  uploader could read them, so the departments could not open the requests sent by the counter.
  Each file is bound to its line now; a file shared by several lines is copied for each.
- Tracking numbers are taken without gaps (``no_gap``) from now on.
- Contacts sharing a national ID are listed in the log for the administrator to merge (Contacts,
  select them, Action > Merge): only a person can tell whether they are the same citizen.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def repair(env):
    """The migration step, callable on its own (tests). Returns what it did."""
    documents = env["dura.service.request.document"]._repair_orphan_attachments()
    if documents:
        _logger.info("bound the attachments of %s request document lines", len(documents))
    sequence = env.ref("dura_municipal_requests.seq_dura_service_request", raise_if_not_found=False)
    if sequence and sequence.implementation != "no_gap":
        # a standard sequence keeps its counter in PostgreSQL, dropped by the switch: carry it
        sequence.write({"implementation": "no_gap", "number_next": sequence.number_next_actual})
    env.cr.execute(
        """
        SELECT dura_national_id, array_agg(id ORDER BY id)
          FROM res_partner
         WHERE dura_national_id IS NOT NULL AND dura_national_id != ''
         GROUP BY dura_national_id
        HAVING count(*) > 1
        """
    )
    duplicates = dict(env.cr.fetchall())
    for number, partner_ids in duplicates.items():
        _logger.warning(
            "contacts %s share the national ID %s: merge them (Contacts > Action > Merge)",
            partner_ids,
            number,
        )
    return {"documents": documents, "duplicates": duplicates}


def migrate(cr, version):
    if not version:
        return
    repair(api.Environment(cr, SUPERUSER_ID, {}))
