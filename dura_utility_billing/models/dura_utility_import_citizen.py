from odoo import models

from ..tools import golive_import


class DuraUtilityImport(models.Model):
    """Citizens: match by national id, then by subscriber number; merge the file's repeats."""

    _inherit = "dura.utility.import"  # pylint: disable=consider-merging-classes-inherited

    def _plan_citizens(self, records, apply):
        """Staging line values for `records` [(row, cells)]; with `apply`, the new contacts
        are created (one create for the file). A fixed number of queries for any size."""
        rows, errors = [], {}
        for index, (_number, record) in enumerate(records):
            try:
                rows.append(golive_import.normalise_citizen(record))
            except golive_import.RowError as error:
                rows.append(None)
                errors[index] = error
        merged = golive_import.merge_citizens(rows)
        valid = [row for row in rows if row]
        by_id = self._partners_by_national_id({row["national_id"] for row in valid} - {""})
        by_key = self._partners_by_number({row["mobile_key"] for row in valid} - {""})

        lines, partner_of, to_create = [], {}, []
        for index, (number, record) in enumerate(records):
            row = rows[index]
            if row is None:
                lines.append(self._refused(number, record, errors[index]))
                continue
            line = {
                "row_number": number,
                "name": row["name"],
                "national_id": row["national_id"] or False,
                "mobile": row["mobile"] or record.get("mobile"),
            }
            lines.append(line)
            if index in merged:
                kept = merged[index]
                line.update(
                    status="merged",
                    merged_row=records[kept][0],
                    reason=self.env._("Same citizen as row %s.", records[kept][0]),
                )
                continue
            partner_id, reason = self._match_citizen(row, by_id, by_key)
            if partner_id is False:
                line.update(status="refused", reason=reason)
            elif partner_id:
                line.update(status="matched", partner_id=partner_id, reason=reason)
            else:
                line["status"] = "new"
                to_create.append(index)
            partner_of[index] = partner_id
        if apply and to_create:
            partners = self._create_citizens([rows[index] for index in to_create])
            for index, partner in zip(to_create, partners, strict=True):
                partner_of[index] = partner.id
                lines[index].update(status="created", partner_id=partner.id)
        for index, kept in merged.items():
            lines[index]["partner_id"] = partner_of.get(kept) or False
            if lines[kept].get("status") == "refused":
                lines[index].update(status="refused", reason=lines[kept]["reason"])
        return lines

    def _match_citizen(self, row, by_id, by_key):
        """(partner id, reason), (None, None) for a new citizen, (False, reason) to refuse."""
        if row["national_id"] and row["national_id"] in by_id:
            return by_id[row["national_id"]], self.env._("Existing contact, same national ID.")
        candidates = [
            partner_id
            for partner_id, national_id in by_key.get(row["mobile_key"], [])
            # a contact with another national id is another member of a family sharing a phone
            if not (national_id and row["national_id"])
        ]
        if len(candidates) > 1:
            return False, self._reason(
                golive_import.RowError("ambiguous_number", value=row["mobile"])
            )
        if candidates:
            return candidates[0], self.env._("Existing contact, same mobile subscriber.")
        return None, None

    def _create_citizens(self, rows):
        partners = self.env["res.partner"]
        has_id = "dura_national_id" in partners._fields
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        vals_list = []
        for row in rows:
            vals = {
                "name": row["name"],
                "mobile": row["mobile"] or False,
                "street": row["address"] or False,
                "lang": row["lang"] if row["lang"] in installed else self.env.lang,
            }
            if has_id and row["national_id"]:
                vals["dura_national_id"] = row["national_id"]
            vals_list.append(vals)
        # sudo (the uid is kept as creator): the utility office has no Contact Creation right
        # and the national id is the service center's field; bringing the municipality's
        # citizens in is what the go-live import is for, and only the utility office may
        # write an import (checked here as well as by its access rights)
        self.check_access("write")
        return partners.sudo().create(vals_list).sudo(False)
