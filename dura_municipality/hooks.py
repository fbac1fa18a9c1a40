"""Install over a database of the first release: take over the records that move here.

Until 18.0.1.0.0 of this module, the menus of the Municipality app, the letterhead and the
paperformat lived in dura_municipal_requests, and the rate limiter's model in dura_sms_gateway.
Updating those modules installs this one first (it is a new dependency of theirs), so this hook
runs before they reload. Renaming the XML ids keeps the records (the menus' groups, the rate-limit
counters, the paperformat referenced by reports, the column of the English name): without it
Odoo would create new records here and delete the old ones, with their data, when the old
modules finish updating.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MODULE = "dura_municipality"
# (former module, names of the XML ids that are now this module's; a trailing % is a prefix)
MOVED = [
    (
        "dura_municipal_requests",
        [
            "menu_municipality_root",
            "menu_municipality_reporting",
            "paperformat_dura_body_only",
            "report_dura_style",
            "report_dura_letterhead",
            "field_res_company__dura_name_en",
        ],
    ),
    (
        "dura_sms_gateway",
        [
            "model_dura_rate_limit",
            "field_dura_rate_limit__%",
            "constraint_dura_rate_limit_%",
            "access_dura_rate_limit_system",
        ],
    ),
]


def pre_init_hook(env):
    cr = env.cr
    for old_module, names in MOVED:
        exact = [name for name in names if not name.endswith("%")]
        prefixes = [name.replace("_", r"\_") for name in names if name.endswith("%")]
        cr.execute(
            SQL(
                """
                UPDATE ir_model_data AS data
                   SET module = %(new)s
                 WHERE data.module = %(old)s
                   AND (data.name = ANY(%(exact)s) OR data.name LIKE ANY(%(prefixes)s))
                   AND NOT EXISTS (
                       SELECT 1 FROM ir_model_data AS mine
                        WHERE mine.module = %(new)s AND mine.name = data.name
                   )
                RETURNING data.name
                """,
                new=MODULE,
                old=old_module,
                exact=exact,
                prefixes=prefixes,
            )
        )
        moved = [name for (name,) in cr.fetchall()]
        if moved:
            _logger.info("%s: took over %d records of %s", MODULE, len(moved), old_module)
    # The rate limit's unique constraint is reflected per module: it is this module's now.
    cr.execute(
        SQL(
            """
            UPDATE ir_model_constraint AS con
               SET module = new.id
              FROM ir_module_module AS new, ir_module_module AS old, ir_model AS model
             WHERE new.name = %(new)s AND old.name = 'dura_sms_gateway'
               AND con.module = old.id AND con.model = model.id
               AND model.model = 'dura.rate.limit'
            """,
            new=MODULE,
        )
    )
