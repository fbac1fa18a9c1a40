"""Every role opens every menu it sees, the way the web client does, and meets no access error.

For each demo role user (with only that role's groups, on the demo data) the test walks the menus
the web client shows that user (``ir.ui.menu.load_menus``, not in debug mode) and, for each menu
whose action is a window action, does what the browser does when the menu is clicked:

1. loads the action as ``/web/action/load`` does and evaluates its domain and context;
2. loads its views with ``get_views`` as the user (the server strips the nodes of groups the user
   lacks and adds the fields that modifiers need, exactly as for the browser);
3. opens each multi-record view of the action: ``web_search_read`` for list, kanban and calendar
   views with the field specification the web client builds from the arch (first with the search
   view's default filters, then without them, a few records each; ``web_read_group`` first when
   the view is grouped), ``read_group`` for pivot and graph views;
4. opens the form of the listed records with ``web_read`` and the form's specification, and the
   form of their x2many lines where a line opens in a form (inline form, or the line model's form
   view when the list is not editable);
5. opens the form of a new record (``onchange`` with the form's full specification, as the web
   client does for "New") when the user may create that model, and a new line of each editable
   one2many;
6. loads the chatter of the listed records (``/mail/thread/data`` and ``/mail/thread/messages``),
   and, once per role, what every page loads (messaging data, systray activities).

Every error (AccessError, MissingError, or anything else) is collected with the user, the menu,
the model, the step and the field that causes it; the test ends with one assertion listing them.

Not opened, on purpose (and listed in the log line of each role):
- client actions (Discuss, dashboards) and URL actions (the app store): they are not record
  views; their access is the owning module's business;
- server actions: running one from a test could change data; they are named in the log;
- report actions: printing is covered by the report tests.

The field specification follows addons/web/static/src/model/relational_model/utils.js
(getFieldsSpec): every ``<field>`` of the arch; many2one/reference read ``display_name`` unless
always invisible; x2many read the fields of their list (or kanban) subview, or of the widget's own
related fields (many2many_tags, many2many_binary, ...); the form adds ``display_name`` for the
breadcrumb. Known simplification: the ``context`` attribute of a field is not evaluated against
the record's values (it only changes the context of the sub-read), and widget dependencies are
those of the widgets listed in WIDGET_DEPENDENCIES.
"""

import ast
import logging
import re
import time
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, MissingError
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

from odoo.addons.mail.tools.discuss import Store
from odoo.addons.web.controllers.utils import clean_action

_logger = logging.getLogger(__name__)

# the demo role users of the service center and of the SMS gateway; those of utility billing
# (cashier, reader, utility) walk in dura_municipal_requests_utility's copy of this test
ROLE_LOGINS = (
    "frontdesk",
    "water",
    "electricity",
    "engineering",
    "director",
    "itadmin",
    "approver",
)

INVISIBLE = ("True", "1", "true")
MULTI_RECORD_VIEWS = ("list", "kanban", "calendar", "pivot", "graph")
RECORDS_PER_LIST = 3
LINES_PER_FIELD = 2

# widget -> the fields of the comodel it reads instead of a subview (relatedFields in the JS)
WIDGET_RELATED_FIELDS = {
    "many2many_tags": ("display_name",),
    "many2many_tags_avatar": ("display_name",),
    "many2many_avatar_user": ("display_name",),
    "many2many_avatar_employee": ("display_name",),
    "many2many_checkboxes": ("display_name",),
    "many2many_tags_email": ("display_name", "email"),
    "many2many_binary": ("name", "mimetype"),
}
# widget -> fields of the same record it reads too (fieldDependencies in the JS)
WIDGET_DEPENDENCIES = {
    "image": ("write_date",),
    "signature": ("write_date",),
    "statusbar_duration": ("duration_tracking",),
    "list_activity": (
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
        "activity_type_id",
    ),
    "kanban_activity": (
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
        "activity_type_id",
    ),
}
CHATTER_REQUESTS = [
    "activities",
    "attachments",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
]


def _literal(text, default=None):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return default


def _merge_spec(old, new):
    """Union of two field specifications (a field in the view twice is read once, with both)."""
    merged = dict(old)
    for name, value in new.items():
        if name in merged and "fields" in merged[name] and "fields" in value:
            merged[name] = dict(
                merged[name], fields=_merge_spec(merged[name]["fields"], value["fields"])
            )
        elif name not in merged or len(value) > len(merged[name]):
            merged[name] = value
    return merged


class ViewSpec:
    """The field specification of one view arch, as the web client builds it."""

    def __init__(self, arch_node, model, models, with_invisible=False):
        self.model = model
        self.models = models
        self.with_invisible = with_invisible
        # x2many field -> (comodel, spec of the form a line opens in, or None to fetch the default
        # form view, or False when lines are edited in the list and no form opens)
        self.line_forms = {}
        # one2many field -> (comodel, spec of a new line)
        self.new_lines = {}
        self.spec = self._collect(arch_node, model)

    def _fields(self, model):
        return self.models.get(model, {}).get("fields", {})

    def _collect(self, node, model, top=True):
        spec = {}
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                spec = _merge_spec(spec, self._field(child, model, top))
            elif child.tag == "groupby":
                continue
            else:
                spec = _merge_spec(spec, self._collect(child, model, top))
        return spec

    def _field(self, node, model, top):
        name = node.get("name")
        model_fields = self._fields(model)
        definition = model_fields.get(name)
        if not definition:
            return {}
        invisible = node.get("invisible") in INVISIBLE or node.get("column_invisible") in INVISIBLE
        widget = node.get("widget")
        ftype = definition["type"]
        spec = {name: {}}
        for dependency in WIDGET_DEPENDENCIES.get(widget, ()):
            if dependency in model_fields:
                spec[dependency] = {}
        if ftype in ("many2one", "reference"):
            spec[name] = {"fields": {} if invisible else {"display_name": {}}}
        elif ftype == "many2one_reference":
            if widget in (None, "many2one_reference") and not invisible:
                spec[name] = {"fields": {"display_name": {}}}
        elif ftype in ("one2many", "many2many"):
            spec[name] = self._x2many(node, definition, invisible, top)
        return spec

    def _x2many(self, node, definition, invisible, top):
        """The spec of an x2many field; note how its lines open (line_forms, new_lines)."""
        name, widget, comodel = node.get("name"), node.get("widget"), definition["relation"]
        subviews = {sub.tag: sub for sub in node if sub.tag in ("list", "kanban", "form")}
        related = None
        if widget in WIDGET_RELATED_FIELDS:
            related = dict.fromkeys(WIDGET_RELATED_FIELDS[widget], {})
            color = (_literal(node.get("options") or "{}", {}) or {}).get("color_field")
            if widget == "many2many_tags" and color:
                related[color] = {}
        else:
            default_mode = "list" if "list" in subviews else "kanban"
            sub = subviews.get((node.get("mode") or "").split(",")[0] or default_mode)
            if sub is not None:
                related = self._collect(sub, comodel, top=False)
        if related is None or not (self.with_invisible or not invisible):
            return {}
        if top and not invisible:
            list_view = subviews.get("list")
            form_spec = None
            if "form" in subviews:
                form_spec = self._collect(subviews["form"], comodel, top=False)
                self.line_forms[name] = (comodel, form_spec, node.get("context") or "")
            elif list_view is not None and list_view.get("editable"):
                self.line_forms[name] = (comodel, False, "")
            elif widget not in WIDGET_RELATED_FIELDS:
                self.line_forms[name] = (comodel, None, node.get("context") or "")
            editable = node.get("readonly") not in INVISIBLE
            if (
                definition["type"] == "one2many"
                and editable
                and (list_view is not None or form_spec)
            ):
                self.new_lines[name] = (comodel, _merge_spec(related, form_spec or {}))
        return {"fields": related, "limit": 40}


@tagged("post_install", "-at_install")
class TestRoleMenus(TransactionCase):
    """Open, as each demo role, every menu it sees and the forms of what they list."""

    ROLE_LOGINS = ROLE_LOGINS

    def setUp(self):
        super().setUp()
        self.failures = []
        self.opened = set()
        self.timings = []
        self.notes = defaultdict(list)
        self.counts = defaultdict(lambda: defaultdict(int))

    # -- helpers -------------------------------------------------------------------------------

    def _user_env(self, user):
        context = dict(user.context_get(), allowed_company_ids=[user.company_id.id])
        return self.env(user=user, context=context, su=False)

    def _eval_context(self, env):
        today = fields.Date.context_today(env.user)
        return {
            **env.context,
            "uid": env.uid,
            "allowed_company_ids": env.context.get("allowed_company_ids", []),
            "active_id": False,
            "active_ids": [],
            "active_model": False,
            "context": dict(env.context),
            "context_today": lambda: today,
            "current_date": today.strftime("%Y-%m-%d"),
            "today": today.strftime("%Y-%m-%d"),
            "now": fields.Datetime.now(),
            "datetime": safe_datetime,
            "time": safe_time,
            "relativedelta": relativedelta,
        }

    def _evaluate(self, expression, env, default):
        if not expression:
            return default
        if not isinstance(expression, str):
            return expression
        return safe_eval(expression, self._eval_context(env))

    def _attempt(self, where, func, blame=None):
        """Run one web client call ``func(None)``; on error record it, with the fields of the
        specification ``blame`` that cause it (``func(spec)`` runs the call with a part of it)."""
        self.counts[where[0]]["calls"] += 1
        error = self._try(func, None)
        if error is None:
            return self._last_result
        culprits = self._culprits(func, blame) if blame else []
        for field_name, field_error in culprits or [("", error)]:
            self._record(where, field_name, field_error)
        return None

    def _try(self, func, spec):
        try:
            with self.env.cr.savepoint():
                self.env.invalidate_all()
                self._last_result = func(spec)
        except Exception as error:  # every error blocks the user: report all
            return error
        return None

    def _culprits(self, func, spec):
        """[(field name, error)] of the fields of ``spec`` that fail on their own, found by halving
        the specification, then narrowed to the sub-fields of a relational field that cause it."""
        found = []
        for name, error in self._failing_fields(func, spec):
            value = spec[name]
            sub_fields = value.get("fields") or {}
            narrowed = []
            if len(sub_fields) > 1:
                narrowed = self._failing_fields(
                    lambda sub, name=name, value=value: func({name: dict(value, fields=sub)}),
                    sub_fields,
                )
            if narrowed and len(narrowed) < len(sub_fields):
                found += [(f"{name}.{sub_name}", sub_error) for sub_name, sub_error in narrowed]
            else:
                found.append((name, error))
        return found

    def _failing_fields(self, func, spec):
        names = list(spec)
        if len(names) == 1:
            error = self._try(func, spec)
            return [(names[0], error)] if error is not None else []
        found = []
        half = len(names) // 2
        for part in (names[:half], names[half:]):
            part_spec = {name: spec[name] for name in part}
            if self._try(func, part_spec) is not None:
                found += self._failing_fields(func, part_spec)
        return found

    def _record(self, where, field_name, error):
        user, menu, model, step = where
        kind = type(error).__name__
        if not isinstance(error, AccessError | MissingError):
            _logger.info(
                "role menus: %s %s %s %s: %s", user, model, step, field_name, error, exc_info=error
            )
        message = str(error).strip().splitlines()[0][:300] if str(error).strip() else repr(error)
        self.failures.append((user, menu, model, step, field_name, f"{kind}: {message}"))

    # -- the walk ----------------------------------------------------------------------------

    def _menu_paths(self, menus):
        paths = {}

        def path(menu_id):
            if menu_id in paths:
                return paths[menu_id]
            menu = menus.get(menu_id)
            if not menu:
                return ""
            parent = menu["parent_id"] and menu["parent_id"][0]
            prefix = path(parent) if parent in menus else ""
            paths[menu_id] = f"{prefix} / {menu['name']}" if prefix else menu["name"]
            return paths[menu_id]

        for menu_id in menus:
            if menu_id != "root":
                path(menu_id)
        return paths

    def _walk_user(self, user):
        env = self._user_env(user)
        login = user.login
        # what every page loads: the messaging data and the activities of the systray
        self._attempt(
            (login, "(every page)", "res.users", "/mail/data init_messaging"),
            lambda _spec: env.user._init_messaging(Store()),
        )
        self._attempt(
            (login, "(every page)", "res.users", "systray activities"),
            lambda _spec: env.user._get_activity_groups(),
        )
        menus = env["ir.ui.menu"].load_menus(False)
        paths = self._menu_paths(menus)
        seen_actions = set()
        for menu_id, menu in sorted(
            ((k, v) for k, v in menus.items() if k != "root"), key=lambda item: paths[item[0]]
        ):
            if not menu.get("action"):
                continue
            action_model, action_id = menu["action"].split(",")
            label = f"{paths[menu_id]} [{menu.get('xmlid') or menu_id}]"
            if action_model != "ir.actions.act_window":
                self.notes[login].append(f"{action_model} {label}")
                continue
            if int(action_id) in seen_actions:
                continue
            seen_actions.add(int(action_id))
            self.counts[login]["menus"] += 1
            action_started = time.monotonic()
            action = self._attempt(
                (login, label, action_model, "/web/action/load"),
                lambda _spec, action_id=int(action_id): self._load_action(env, action_id),
            )
            if action:
                self._open_action(env, login, label, action)
            self.timings.append((time.monotonic() - action_started, login, label))

    def _load_action(self, env, action_id):
        Actions = env["ir.actions.actions"]
        action_type = Actions.browse(action_id).sudo().read(["type"])[0]["type"]
        result = env[action_type].sudo().browse(action_id)._get_action_dict()
        return clean_action(result, env=env)

    def _open_action(self, env, login, label, action):
        model_name = action["res_model"]
        where = (login, label, model_name, "action domain/context")
        try:
            action_context = self._evaluate(action.get("context"), env, {})
            domain = self._evaluate(action.get("domain"), env, [])
        except Exception as error:
            self._record(where, "", error)
            return
        context = dict(env.context, **action_context)
        model = env[model_name].with_context(**action_context)
        view_types = [view_type for _id, view_type in action["views"]]
        views = [list(view) for view in action["views"]]
        if "form" not in view_types:
            views.append([False, "form"])
        views.append([action.get("search_view_id") and action["search_view_id"][0], "search"])
        result = self._attempt(
            (login, label, model_name, "get_views"),
            lambda _spec: model.get_views(
                views, {"action_id": action["id"], "load_filters": True, "toolbar": True}
            ),
        )
        if not result:
            return
        models = result["models"]
        archs = {
            view_type: etree.fromstring(view["arch"]) for view_type, view in result["views"].items()
        }
        record_ids = self._open_lists(model, domain, view_types, archs, models, (login, label))
        form = archs["form"]
        form_view = ViewSpec(form, model_name, models)
        form_spec = dict(form_view.spec, display_name={})
        if action.get("res_id") and "form" == view_types[0]:
            record_ids = [action["res_id"]]
        form_id = result["views"]["form"]["id"]
        has_chatter = form.find(".//chatter") is not None or "message_ids" in form_spec
        for record_id in record_ids:
            # the same form of the same record opened from another menu gives the same answer
            if self._first_time((login, model_name, form_id, record_id)):
                self.counts[login]["records"] += 1
                self._open_record(
                    model, record_id, form_view, form_spec, (login, label, model_name), has_chatter
                )
        may_create = model.has_access("create")
        form_only = view_types[0] == "form" and not action.get("res_id")
        defaults = tuple(
            sorted((k, str(v)) for k, v in context.items() if k.startswith("default_"))
        )
        if (may_create or form_only) and self._first_time((login, model_name, form_id, defaults)):
            self._open_new(model, form, models, (login, label, model_name), form_only)

    def _open_lists(self, model, domain, view_types, archs, models, where):
        """Open the multi-record views of an action; return the ids of the records they list."""
        login, label = where
        model_name = model._name
        record_ids = []
        search_domain, search_groupby = self._default_filters(model, archs["search"])
        for view_type in view_types:
            if view_type not in MULTI_RECORD_VIEWS:
                continue
            if view_type in ("pivot", "graph"):
                self._open_grouped(
                    model, archs[view_type], domain, (login, label, model_name, view_type)
                )
                continue
            spec = ViewSpec(archs[view_type], model_name, models).spec
            groupby = search_groupby or [g for g in [archs[view_type].get("default_group_by")] if g]
            if groupby and view_type in ("list", "kanban"):
                # a grouped view first reads its groups, then the records of the open ones
                self._attempt(
                    (login, label, model_name, f"{view_type} web_read_group {groupby[0]}"),
                    lambda _spec, g=groupby[0]: model.web_read_group(
                        domain + search_domain, ["__count"], [g], limit=80
                    ),
                )
            domains = [domain + search_domain] if search_domain else []
            domains.append(domain)
            for step_domain in domains:
                filtered = " (default filters)" if step_domain is not domain else ""
                found = self._attempt(
                    (login, label, model_name, f"{view_type} web_search_read{filtered}"),
                    lambda spec_, d=step_domain, s=spec: model.web_search_read(
                        d, spec_ or s, limit=RECORDS_PER_LIST
                    ),
                    blame=spec,
                )
                if found is not None:
                    listed = [values["id"] for values in found["records"]]
                else:
                    # the web client shows nothing: open the records it would have listed
                    listed = model.sudo().search(step_domain, limit=RECORDS_PER_LIST).ids
                    listed = [i for i in listed if model.browse(i).has_access("read")]
                record_ids += [i for i in listed if i not in record_ids]
        return record_ids

    def _first_time(self, key):
        if key in self.opened:
            return False
        self.opened.add(key)
        return True

    def _default_filters(self, model, search_arch):
        """The domain and group-bys of the search view's filters the action switches on."""
        domain, groupby = [], []
        for node in search_arch.iter("filter"):
            name = node.get("name")
            if not (name and model.env.context.get(f"search_default_{name}")):
                continue
            try:
                if node.get("domain"):
                    domain += self._evaluate(node.get("domain"), model.env, [])
                if node.get("context"):
                    group_by = self._evaluate(node.get("context"), model.env, {}).get("group_by")
                    groupby += [group_by] if isinstance(group_by, str) else list(group_by or [])
            except Exception:  # the JS evaluator knows more than safe_eval
                self.notes[model.env.user.login].append(
                    f"filter {name} of {model._name} not evaluated"
                )
        return domain, groupby

    def _open_grouped(self, model, arch, domain, where):
        measures, groupby = [], []
        for node in arch.iter("field"):
            if node.get("type") == "measure":
                measures.append(f"{node.get('name')}:sum")
            elif node.get("type") in ("row", "col") or not node.get("type"):
                interval = node.get("interval")
                groupby.append(node.get("name") + (f":{interval}" if interval else ""))
        self._attempt(
            (*where[:3], f"{where[3]} read_group"),
            lambda _spec: model.read_group(
                domain, measures or ["__count"], groupby[:1], lazy=False
            ),
        )

    def _open_record(self, model, record_id, form_view, form_spec, where, has_chatter):
        login, label, model_name = where
        record = model.browse(record_id)
        values = self._attempt(
            (login, label, model_name, f"form web_read id={record_id}"),
            lambda spec_: record.web_read(spec_ or form_spec),
            blame=form_spec,
        )
        if values:
            for field_name, (comodel, line_spec, field_context) in form_view.line_forms.items():
                lines = values[0].get(field_name) or []
                line_ids = [line["id"] if isinstance(line, dict) else line for line in lines][
                    :LINES_PER_FIELD
                ]
                if line_ids and line_spec is not False:
                    self._open_lines(
                        model, comodel, line_ids, line_spec, field_context, where, field_name
                    )
        if has_chatter and hasattr(model, "_get_thread_with_access"):
            self._attempt(
                (login, label, model_name, f"chatter id={record_id}"),
                lambda _spec: self._chatter(model, record_id),
            )

    def _open_lines(self, model, comodel, line_ids, line_spec, field_context, where, field_name):
        login, label, model_name = where
        lines = model.env[comodel].browse(line_ids)
        if line_spec is None:
            ref = re.search(
                r"""['"]form_view_ref['"]\s*:\s*['"]([\w.]+)['"]""", field_context or ""
            )
            lines = lines.with_context(form_view_ref=ref.group(1) if ref else None)
            result = self._attempt(
                (login, label, comodel, f"get_views (form of {model_name}.{field_name} lines)"),
                lambda _spec: lines.get_views([[False, "form"]]),
            )
            if not result:
                return
            arch = etree.fromstring(result["views"]["form"]["arch"])
            line_spec = dict(ViewSpec(arch, comodel, result["models"]).spec, display_name={})
        self._attempt(
            (login, label, comodel, f"line form web_read {model_name}.{field_name} ids={line_ids}"),
            lambda spec_: lines.web_read(spec_ or line_spec),
            blame=line_spec,
        )

    def _chatter(self, model, record_id):
        thread = model._get_thread_with_access(record_id)
        if not thread:
            # the chatter shows an empty thread ("no access"), not an error
            return
        Store(thread, as_thread=True, request_list=CHATTER_REQUESTS).get_result()
        domain = [
            ("res_id", "=", record_id),
            ("model", "=", model._name),
            ("message_type", "!=", "user_notification"),
        ]
        messages = model.env["mail.message"]._message_fetch(domain, limit=30)["messages"]
        Store(messages, for_current_user=True).get_result()

    def _open_new(self, model, form, models, where, form_only):
        login, label, model_name = where
        self.counts[login]["new"] += 1
        new_view = ViewSpec(form, model_name, models, with_invisible=True)
        new_spec = dict(new_view.spec, display_name={})
        step = "new record onchange" + (" (form-only action)" if form_only else "")
        self._attempt(
            (login, label, model_name, step),
            lambda spec_: model.onchange({}, [], spec_ or new_spec),
            blame=new_spec,
        )
        for field_name, (comodel, line_spec) in new_view.new_lines.items():
            lines = model.env[comodel]
            if not lines.has_access("create"):
                continue
            self._attempt(
                (login, label, comodel, f"new line onchange {model_name}.{field_name}"),
                lambda spec_, lines=lines, line_spec=line_spec: lines.onchange(
                    {}, [], spec_ or line_spec
                ),
                blame=line_spec,
            )

    # -- the test ------------------------------------------------------------------------------

    def test_every_role_opens_every_menu(self):
        users = self.env["res.users"].search([("login", "in", self.ROLE_LOGINS)])
        missing = set(self.ROLE_LOGINS) - set(users.mapped("login"))
        self.assertFalse(
            missing, f"demo role users missing (this test runs on the demo data): {missing}"
        )
        started = time.monotonic()
        for login in self.ROLE_LOGINS:
            user_started = time.monotonic()
            self._walk_user(users.filtered(lambda u, login=login: u.login == login))
            counts = self.counts[login]
            _logger.info(
                "role menus: %s: %d window actions, %d records opened, %d new forms, %d calls"
                " in %.1f s; not opened: %s",
                login,
                counts["menus"],
                counts["records"],
                counts["new"],
                counts["calls"],
                time.monotonic() - user_started,
                "; ".join(self.notes[login]) or "nothing",
            )
        _logger.info(
            "role menus: all roles in %.1f s; slowest menus: %s",
            time.monotonic() - started,
            "; ".join(
                f"{login} {label} {spent:.1f} s"
                for spent, login, label in sorted(self.timings)[-5:]
            ),
        )
        if self.failures:
            self.fail(
                f"{len(self.failures)} errors the roles meet in the web client"
                " (user | menu | model | step | field | error):\n"
                + "\n".join(
                    " | ".join(str(part) for part in failure if part != "")
                    for failure in self.failures
                )
            )
