from odoo import Command, fields, models

# the account this addon creates per company, found again by its external id
DEPOSIT_ACCOUNT_XMLID = "dura_utility_billing.%s_account_customer_deposits"
# where a chart has no current-liabilities account to start from (Odoo's generic chart: 2010)
FALLBACK_CODE = "2190"


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    dura_deposit_account_id = fields.Many2one(
        "account.account",
        "Customer Deposits Account",
        check_company=True,
        domain="[('account_type', 'in', ('liability_current', 'liability_non_current'))]",
        help="Liability account on which the deposits of new postpaid connections are held "
        "until the subscription is closed. Empty: a 'Customer Deposits' account is created "
        "beside the chart's current liabilities at the first deposit.",
    )

    def _dura_deposit_account(self):
        """The company's Customer Deposits liability account: the one set in the settings, else
        the one this addon created, else a new one created now (at the first deposit, so it
        works whichever chart was loaded and whenever: install, demo, or a chart loaded after
        this addon) with a free code next to the chart's current liabilities."""
        self.ensure_one()
        if self.dura_deposit_account_id:
            return self.dura_deposit_account_id
        # sudo: accounts and their external ids are the accountant's; the officer activating a
        # subscription only books to it
        company = self.sudo()
        account = self.env.ref(DEPOSIT_ACCOUNT_XMLID % company.id, raise_if_not_found=False)
        if account:
            return account.sudo(False)
        Account = self.env["account.account"].sudo().with_company(company)
        start = (
            self.env["account.chart.template"]
            .with_company(company)
            .ref("current_liabilities", raise_if_not_found=False)
        )
        code = Account._search_new_account_code(start.code if start else FALLBACK_CODE)
        account = Account.create(
            {
                "name": self.env._("Customer Deposits"),
                "code": code,
                "account_type": "liability_current",
                "company_ids": [Command.link(company.id)],
            }
        )
        module, name = (DEPOSIT_ACCOUNT_XMLID % company.id).split(".")
        self.env["ir.model.data"].sudo().create(
            {
                "module": module,
                "name": name,
                "model": "account.account",
                "res_id": account.id,
                "noupdate": True,
            }
        )
        return account.sudo(False)
