from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.dura_sms_gateway.tools.sms_send import SKIPPED

from ..tools.tariff_blocks import QUANTITY_DIGITS
from .dura_utility_reading import BILLABLE_KINDS, SUPERSEDED_STATES


# one file per concern of the billing run, on purpose (see dura_utility_billing_run.py)
class DuraUtilityBillingRun(models.Model):
    """One batch of a run: the subscriptions it bills, their tariffs, one posted invoice per
    subscription (a line per tariff block and the fixed charge) and the bill SMS."""

    _inherit = "dura.utility.billing.run"  # pylint: disable=consider-merging-classes-inherited

    def _bill_next_batch(self):
        """Bill the next batch of subscriptions; return how many were billed.

        Queries per batch, whatever its size: one search for the subscriptions, one for their
        readings, prefetches of tariffs/blocks/partners, one account.move create, one
        action_post, one bill create, one SMS render and create."""
        self.ensure_one()
        subscriptions = self.env["dura.utility.subscription"].search(
            self._billable_domain(), limit=self.batch_size, order="id"
        )
        if not subscriptions:
            return 0
        readings = self.env["dura.utility.reading"].search(
            [
                ("subscription_id", "in", subscriptions.ids),
                *self._billable_reading_domain(),
            ]
        )
        reading_of = {reading.subscription_id.id: reading for reading in readings}
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._("Company %s has no sales journal.", self.company_id.display_name)
            )
        tariff_of = self._get_tariffs(subscriptions)
        self._check_one_currency(tariff_of.values())
        returned_of = self._get_estimates_returned(
            readings.filtered(lambda reading: reading.consumption < 0), tariff_of
        )
        vals_list = [
            self._prepare_invoice_vals(
                subscription,
                reading_of[subscription.id],
                journal,
                tariff_of[subscription.id],
                returned_of.get(subscription.id, ()),
            )
            for subscription in subscriptions
        ]
        credits = [vals.pop("_credit_applied") for vals in vals_list]
        carried = [vals.pop("_estimate_credit_carried") for vals in vals_list]
        expected = [vals.pop("_expected") for vals in vals_list]
        moves = (
            self.env["account.move"]
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(vals_list)
        )
        self._check_bill_arithmetic(moves, expected, subscriptions)
        self._subscribe_citizens(moves)
        moves.action_post()
        self.env["dura.utility.bill"].create(
            [
                {
                    "subscription_id": subscription.id,
                    "utility": subscription.utility,
                    "quarter": subscription.quarter,
                    "period": self.period,
                    "run_id": self.id,
                    "reading_id": reading_of[subscription.id].id,
                    "move_id": move.id,
                    "company_id": self.company_id.id,
                    "consumption": reading_of[subscription.id].consumption,
                    "credit_applied": credit,
                    "estimate_credit_carried": carry,
                }
                for subscription, move, credit, carry in zip(
                    subscriptions, moves, credits, carried, strict=True
                )
            ]
        )
        sms_count, no_mobile = self._queue_bill_sms(moves) if self.send_sms else (0, 0)
        self.write(
            {
                "sms_count": self.sms_count + sms_count,
                "no_mobile_count": self.no_mobile_count + no_mobile,
                "batch_count": self.batch_count + 1,
            }
        )
        return len(subscriptions)

    def _get_tariffs(self, subscriptions):
        """Tariff applied to each subscription: its own when valid on the invoice date of the
        run, else the valid version with the same utility, category and billing mode (a new tariff
        replacing an expired one). One search per batch; raises UserError naming the
        subscriptions left without a valid tariff."""
        end = self.date

        def valid(tariff):
            return tariff.date_from <= end and (not tariff.date_to or tariff.date_to >= end)

        expired = subscriptions.filtered(lambda s: not valid(s.tariff_id))
        if not expired:
            return {subscription.id: subscription.tariff_id for subscription in subscriptions}
        candidates = self.env["dura.utility.tariff"].search(
            [
                ("utility", "=", self.utility),
                ("billing_mode", "in", ("postpaid", "both")),
                ("company_id", "in", (False, self.company_id.id)),
                ("date_from", "<=", end),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", end),
            ],
            order="date_from desc, id desc",
        )
        result, missing = {}, []
        for subscription in subscriptions:
            tariff = subscription.tariff_id
            if subscription in expired:
                tariff = candidates.filtered(
                    lambda t, old=tariff: t.category == old.category
                    and t.billing_mode == old.billing_mode
                )[:1]
                if not tariff:
                    missing.append(subscription.name)
            result[subscription.id] = tariff
        if missing:
            raise UserError(
                self.env._(
                    "No tariff is valid on %(date)s for subscriptions %(names)s: extend their "
                    "tariff or create its new version, then start the run again.",
                    date=fields.Date.to_string(end),
                    names=", ".join(missing[:20]),
                )
            )
        return result

    def _get_estimates_returned(self, readings, tariff_of):
        """What the readings taken below an estimated index give back: {subscription id:
        [(period, units, amount)]}, walking back over the estimated readings before each
        (most recent first) until the units the estimates counted too many are returned. Each
        estimate is re-priced on the tariff: the amount returned is what its blocks charged
        for the units it had too many, so the citizen pays exactly the tariff of what the
        meter counted. Rare (only estimates that were too high): one search for them all."""
        if not readings:
            return {}
        earlier = self.env["dura.utility.reading"].search(
            [
                ("subscription_id", "in", readings.subscription_id.ids),
                ("kind", "in", BILLABLE_KINDS),
                ("period", "<", self.period),
                ("validation_state", "not in", SUPERSEDED_STATES),
            ],
            order="date desc, id desc",
        )
        earlier_of = defaultdict(list)
        for reading in earlier:
            earlier_of[reading.subscription_id.id].append(reading)

        def energy(tariff, consumption):
            return sum(
                line["amount"] for line in tariff._compute_lines(consumption) if line["block"]
            )

        result = {}
        for reading in readings:
            subscription = reading.subscription_id
            tariff = tariff_of[subscription.id]
            remaining = round(-reading.consumption, QUANTITY_DIGITS)
            returned = []
            for estimate in earlier_of[subscription.id]:
                if remaining <= 0 or not estimate.estimated:
                    break
                units = round(min(remaining, estimate.consumption), QUANTITY_DIGITS)
                if units <= 0:
                    continue
                amount = tariff.currency_id.round(
                    energy(tariff, estimate.consumption)
                    - energy(tariff, estimate.consumption - units)
                )
                returned.append((estimate.period, units, amount))
                remaining = round(remaining - units, QUANTITY_DIGITS)
            if remaining > 0:
                raise UserError(
                    self.env._(
                        "Reading %(value)s of subscription %(subscription)s is below its last "
                        "reading taken on the meter: correct the reading, then start the run "
                        "again.",
                        value=reading.value,
                        subscription=subscription.name,
                    )
                )
            result[subscription.id] = returned
        return result

    def _check_bill_arithmetic(self, moves, expected, subscriptions):
        """Refuse the batch unless each invoice carries the tariff's arithmetic exactly: every
        block line the meter's quantity to the thousandth and the amount of
        tools/tariff_blocks.py (the fixed charge included). Money is never billed on a
        quantity Odoo has rounded (a decimal accuracy lowered behind the constraint's back) or
        priced otherwise than the tariff says. Read from the lines just created: no query
        per invoice."""
        for move, wanted, subscription in zip(moves, expected, subscriptions, strict=True):
            currency = move.currency_id
            lines = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            for line, quantity, amount in zip(
                lines, wanted["quantities"], wanted["amounts"], strict=False
            ):
                taxes = line.tax_ids
                # a price-included tax: the line's total is the tariff's amount
                actual = (
                    line.price_total
                    if taxes and all(tax.price_include for tax in taxes)
                    else line.price_subtotal
                )
                if float_compare(
                    line.quantity, quantity, precision_digits=QUANTITY_DIGITS
                ) or currency.compare_amounts(actual, amount):
                    raise UserError(
                        self.env._(
                            "The bill of %(subscription)s does not match its tariff: line "
                            "%(line)s has quantity %(quantity)s and amount %(amount)s where "
                            "the tariff gives %(expected_quantity)s and %(expected_amount)s. "
                            "Check that the decimal accuracy 'Product Unit of Measure' has at "
                            "least %(digits)s digits.",
                            subscription=subscription.name,
                            line=line.name,
                            quantity=line.quantity,
                            amount=currency.format(actual),
                            expected_quantity=quantity,
                            expected_amount=currency.format(amount),
                            digits=QUANTITY_DIGITS,
                        )
                    )

    def _check_one_currency(self, tariffs):
        """A run bills in one currency, so that its totals (and its report's) add up one
        kind of money: refuse a batch whose tariffs, or the run's earlier bills, differ."""
        currencies = self.env["res.currency"].union(
            *(tariff.currency_id for tariff in tariffs), self.bill_ids[:1].currency_id
        )
        if len(currencies) > 1:
            raise UserError(
                self.env._(
                    "Billing run %(run)s would bill in several currencies (%(currencies)s) and "
                    "its totals would add up different money. Give the tariffs of this utility "
                    "one currency, then start the run again.",
                    run=self.name,
                    currencies=", ".join(currencies.mapped("name")),
                )
            )

    def _subscribe_citizens(self, moves):
        """Make each citizen a follower of their bill in one create, with the default
        external subtypes, as action_post would do one invoice at a time."""
        _all, _internal, external = self.env["mail.message.subtype"]._default_subtypes(
            "account.move"
        )
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": "account.move",
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [Command.set(external)],
                }
                for move in moves
            ]
        )
        moves.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _prepare_invoice_vals(self, subscription, reading, journal, tariff, returned=()):
        # below an estimated index (the estimate was too high): nothing used this period
        # beyond it, and what the estimates charged too much is given back line by line
        lines = tariff._compute_lines(max(reading.consumption, 0.0))
        for period, units, amount in returned:
            lines.append(
                {
                    "block": False,
                    "kind": "estimate",
                    "name": self.env._(
                        "Estimate of %(period)s too high: %(units)s %(unit)s returned",
                        period=period,
                        units=units,
                        unit=tariff.unit_label,
                    ),
                    "quantity": 1.0,
                    "price_unit": -amount,
                    "amount": -amount,
                    "period": period,
                    "units": units,
                }
            )
        # a bill never goes below zero: what the returned estimates leave is carried forward
        # to the next bills, as a card credit is
        carried = 0.0
        total = tariff.currency_id.round(sum(line.get("amount", 0.0) for line in lines))
        if returned and total < 0:
            carried = -total
            lines[-1]["price_unit"] += carried
            lines[-1]["amount"] += carried
        if not lines:  # no consumption and no fixed charge: still one visible line
            lines = [
                {
                    "block": tariff.block_ids[:1],
                    "name": self.env._("%(tariff)s - no consumption", tariff=tariff.name),
                    "quantity": 0.0,
                    "price_unit": tariff.block_ids[:1].price,
                }
            ]
        line_commands = [
            Command.create(
                {
                    "product_id": tariff.product_id.id,
                    "name": line["name"],
                    "quantity": line["quantity"],
                    "price_unit": line["price_unit"],
                    "tax_ids": [Command.set(tariff.tax_ids.ids)],
                    "analytic_distribution": False,
                    # the printed bill's wording of the line (a block or the fixed charge)
                    "dura_bill_line_kind": line.get("kind")
                    or ("block" if line["block"] else "fixed"),
                    "dura_tariff_block_id": line["block"].id if line["block"] else False,
                    "dura_estimate_period": line.get("period", False),
                    "dura_estimate_units": line.get("units", 0.0),
                }
            )
            for line in lines
        ]
        credit = 0.0
        remaining = subscription.carry_forward_remaining
        # the lines as the invoice will round them: a credit never exceeds what is billed
        untaxed = sum(line.get("amount", 0.0) for line in lines)
        # a credit carried from a conversion, or left by estimates returned (the bill's own
        # estimates returned are already in its lines)
        if not float_is_zero(remaining, precision_rounding=tariff.currency_id.rounding):
            credit = tariff.currency_id.round(min(remaining, untaxed))
            if credit > 0:
                line_commands.append(
                    Command.create(
                        {
                            "product_id": self.env.ref(
                                "dura_utility_billing.product_card_credit"
                            ).id,
                            "name": self.env._("Credit carried forward")
                            if subscription.conversion_credit_policy != "carry_forward"
                            else self.env._("Prepaid card credit carried forward"),
                            "quantity": 1.0,
                            "price_unit": -credit,
                            "tax_ids": [Command.clear()],
                            "dura_bill_line_kind": "credit",
                        }
                    )
                )
        return {
            "move_type": "out_invoice",
            "partner_id": subscription.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "currency_id": tariff.currency_id.id,
            "invoice_date": self.date,
            "invoice_date_due": self.date_due,
            "invoice_origin": subscription.name,
            "ref": f"{subscription.name} {self.period}",
            "narration": self.env._(
                "Meter %(meter)s: previous reading %(previous)s, current reading %(current)s, "
                "consumption %(consumption)s %(unit)s.",
                meter=reading.meter_number,
                previous=reading.previous_value,
                current=reading.value,
                consumption=reading.consumption,
                unit=tariff.unit_label,
            ),
            "dura_subscription_id": subscription.id,
            "dura_period": self.period,
            "dura_estimated": reading.estimated,
            "invoice_line_ids": line_commands,
            "_credit_applied": credit,
            "_estimate_credit_carried": carried,
            # what the tariff says, checked against the posted invoice (_check_bill_arithmetic)
            "_expected": {
                "quantities": [line["quantity"] for line in lines],
                "amounts": [line.get("amount", 0.0) for line in lines],
            },
        }

    def _queue_bill_sms(self, moves):
        """Queue the bill SMS of all moves through the gateway's entry point (one render, one
        create); the gateway sends them later, outside this transaction. Returns how many
        were queued and how many citizens have no number."""
        template = self.env.ref("dura_utility_billing.sms_template_utility_bill")
        report = moves._dura_queue_sms(template)
        reasons = report.reasons(SKIPPED)
        if reasons.get("not_approved"):
            # an unchecked text never reaches citizens: the bills are posted, their SMS held
            self.message_post(
                body=self.env._(
                    "No bill SMS was queued for this batch: the SMS template %(name)s is not "
                    "approved yet. An SMS approver must approve it (SMS Gateway > Configuration > "
                    "SMS Templates).",
                    name=template.name,
                )
            )
            return 0, 0
        return len(report.created_ids), reasons.get("missing", 0)
