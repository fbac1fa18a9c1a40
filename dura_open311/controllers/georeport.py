"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) under /open311/v2/.

Public routes: they read as the public user and switch to superuser only to read the published
catalogue and the public fields of requests, and to create a draft request for an authenticated
client system. Every answer, errors included, is in the format of the URL's extension.
"""

import datetime
import logging
import re

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter
from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from ..tools import georeport

_logger = logging.getLogger(__name__)

PREFIX = "/open311/v2"


def _api_route(path, methods):
    """A public GeoReport route: answered by the API itself, no session, open to any origin."""
    return http.route(
        path,
        type="http",
        auth="public",
        methods=methods,
        csrf=False,
        save_session=False,
        cors="*",
    )


DEFAULT_PAGE_SIZE = 1000
DEFAULT_IP_LIMIT = 120  # requests per minute and IP address, all endpoints together
IP_LIMITER = RateLimiter("dura_open311.ip", window=60)
KEY_LIMITER = RateLimiter("dura_open311.api_key", window=60)
_URL = re.compile(r"^https?://\S+$")


class Open311Error(Exception):
    """An answer in the standard's error format: ``problems`` is a list of descriptions."""

    def __init__(self, status, *problems, headers=None):
        super().__init__(*problems)
        self.status = status
        self.problems = problems
        self.headers = headers or []


class GeoReportController(http.Controller):
    # ------------------------------------------------------------
    # ROUTES
    # ------------------------------------------------------------

    @_api_route(f"{PREFIX}/discovery.<string:fmt>", methods=["GET"])
    def discovery(self, fmt, **kwargs):
        return self._serve(fmt, self._discovery, kwargs)

    @_api_route(f"{PREFIX}/services.<string:fmt>", methods=["GET"])
    def services(self, fmt, **kwargs):
        return self._serve(fmt, self._services, kwargs)

    @_api_route(f"{PREFIX}/services/<string:code>.<string:fmt>", methods=["GET"])
    def service_definition(self, code, fmt, **kwargs):
        return self._serve(fmt, self._service_definition, kwargs, code)

    @_api_route(f"{PREFIX}/requests.<string:fmt>", methods=["GET", "POST"])
    def requests(self, fmt, **kwargs):
        if request.httprequest.method == "POST":
            return self._serve(fmt, self._post_request, kwargs)
        return self._serve(fmt, self._requests, kwargs)

    @_api_route(f"{PREFIX}/requests/<string:request_id>.<string:fmt>", methods=["GET"])
    def service_request(self, request_id, fmt, **kwargs):
        return self._serve(fmt, self._request, kwargs, request_id)

    @_api_route(f"{PREFIX}/tokens/<string:token>.<string:fmt>", methods=["GET"])
    def token(self, token, fmt, **kwargs):
        return self._serve(fmt, self._token, kwargs, token)

    # ------------------------------------------------------------
    # RESOURCES (each returns (root element, data[, http status]))
    # ------------------------------------------------------------

    def _discovery(self, env, params):
        base = env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        # The standard's changeset is when the document last changed. What it describes changes
        # with this addon, so it is when this database last installed or upgraded dura_open311.
        module = env["ir.module.module"].sudo().search([("name", "=", "dura_open311")], limit=1)
        changeset = georeport.format_datetime(module.write_date)
        return "discovery", {
            "changeset": changeset,
            "contact": env.company.sudo().email or env.company.sudo().website or None,
            "key_service": env._("Ask the municipality's IT office for an API key."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": f"{base}{PREFIX}",
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        }

    def _services(self, env, params):
        services = self._published_services(env)
        return "services", [service._open311_dict() for service in services]

    def _service_definition(self, env, params, code):
        service = self._published_services(env, code)
        if not service:
            raise Open311Error(404, env._("Service %(code)s not found.", code=code))
        return "service_definition", service._open311_definition_dict()

    def _requests(self, env, params):
        domain = self._public_request_domain(env)
        numbers = georeport.split_list(params.get("service_request_id"))
        if numbers:
            domain.append(("name", "in", [number.upper() for number in numbers]))
            limit, offset = None, 0
        else:
            domain += self._request_filters(env, params)
            limit, offset = self._paging(env, params)
        return "service_requests", env["dura.service.request"]._open311_read_public(
            domain, self._tz_name(env), limit=limit, offset=offset
        )

    def _request(self, env, params, request_id):
        domain = self._public_request_domain(env) + [("name", "=", request_id.upper())]
        found = env["dura.service.request"]._open311_read_public(
            domain, self._tz_name(env), limit=1
        )
        if not found:
            raise Open311Error(
                404, env._("Service request %(number)s not found.", number=request_id)
            )
        return "service_requests", found

    def _token(self, env, params, token):
        Request = env["dura.service.request"].sudo().with_context(active_test=False)
        domain = [("open311_token", "=", token), ("company_id", "=", env.company.id)]
        found = Request.search(domain, limit=1) if token else Request
        if not found:
            raise Open311Error(404, env._("Token %(token)s not found.", token=token))
        return "service_requests", [{"service_request_id": found.name, "token": token}]

    def _post_request(self, env, params):
        form = request.httprequest.form
        client = env["dura.open311.client"]._authenticate(params.get("api_key") or "")
        if not client:
            raise Open311Error(403, env._("Missing or invalid api_key."))
        allowed, retry_after = KEY_LIMITER.hit(env, client.id, client.rate_limit)
        if not allowed:
            raise self._too_many(env, retry_after)
        code = (params.get("service_code") or "").strip()
        if not code:
            raise Open311Error(400, env._("service_code is required."))
        service = client._allowed_service_types().filtered(lambda s: s.code == code)
        if not service:
            raise Open311Error(404, env._("Service %(code)s not found.", code=code))
        values, problems = self._check_post(env, params, service)
        attributes, attribute_problems = georeport.check_attributes(
            service.open311_attribute_ids._open311_check_definition(),
            georeport.parse_attributes(form.items(multi=True)),
        )
        problems += [
            self._attribute_problem(env, service, *problem) for problem in attribute_problems
        ]
        if problems:
            raise Open311Error(400, *problems)
        values["attributes"] = attributes
        try:
            # a refused request leaves nothing behind (e.g. the citizen's contact)
            with env.cr.savepoint():
                created = env["dura.service.request"]._open311_create(client, service, values)
        except (UserError, ValidationError) as error:
            raise Open311Error(400, error.args[0]) from error
        _logger.info("Open311: %s filed draft request %s", client.name, created.name)
        return (
            "service_requests",
            [
                {
                    "token": created.open311_token,
                    "service_notice": env._(
                        "Received. The service center will contact the citizen to complete "
                        "and submit the request."
                    ),
                    "account_id": params.get("account_id") or None,
                }
            ],
            201,
        )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _serve(self, fmt, handler, params, *args):
        body_fmt = fmt if fmt in georeport.FORMATS else "json"
        env = self._env(params)
        try:
            allowed, retry_after = IP_LIMITER.hit(
                env, request.httprequest.remote_addr, self._ip_limit(env)
            )
            if not allowed:
                raise self._too_many(env, retry_after)
            if fmt not in georeport.FORMATS:
                raise Open311Error(
                    404, env._("Unknown format %(format)s: use json or xml.", format=fmt)
                )
            self._check_jurisdiction(env, params)
            root, data, *status = handler(env, params, *args)
            return self._respond(
                fmt, georeport.render(fmt, root, data), status[0] if status else 200
            )
        except Open311Error as error:
            problems = [(error.status, description) for description in error.problems]
            return self._respond(
                body_fmt, georeport.errors(body_fmt, problems), error.status, error.headers
            )

    def _respond(self, fmt, body, status, headers=()):
        return request.make_response(
            body,
            headers=[("Content-Type", georeport.CONTENT_TYPES[fmt]), *headers],
            status=status,
        )

    def _env(self, params):
        """The public environment, in the language asked by ``lang`` (an extension) if active."""
        lang = params.get("lang")
        if lang and lang in dict(request.env["res.lang"].sudo().get_installed()):
            return request.env(context=dict(request.env.context, lang=lang))
        return request.env(context=dict(request.env.context, lang="en_US"))

    def _too_many(self, env, retry_after):
        return Open311Error(
            429,
            env._("Too many requests: try again in %(seconds)s seconds.", seconds=retry_after),
            headers=[("Retry-After", str(retry_after))],
        )

    def _ip_limit(self, env):
        value = env["ir.config_parameter"].sudo().get_param("dura_open311.rate_limit_ip")
        try:
            return int(value) if value else DEFAULT_IP_LIMIT
        except ValueError:
            return DEFAULT_IP_LIMIT

    def _check_jurisdiction(self, env, params):
        wanted = (params.get("jurisdiction_id") or "").strip()
        ours = env["ir.config_parameter"].sudo().get_param("dura_open311.jurisdiction_id")
        if wanted and ours and wanted != ours:
            raise Open311Error(
                404, env._("Unknown jurisdiction %(jurisdiction)s.", jurisdiction=wanted)
            )

    def _tz_name(self, env):
        return env.company.sudo().partner_id.tz or DEFAULT_TZ

    def _published_services(self, env, code=None):
        domain = [("open311_published", "=", True), ("company_id", "=", env.company.id)]
        if code is not None:
            domain.append(("code", "=", code))
        return env["dura.service.type"].sudo().search(domain)

    def _public_request_domain(self, env):
        return [
            ("company_id", "=", env.company.id),
            ("service_type_id.open311_published", "=", True),
        ]

    def _request_filters(self, env, params):
        """GET requests' filters: service_code, start_date/end_date (90 days at most, the last
        90 days by default), status."""
        domain = []
        codes = georeport.split_list(params.get("service_code"))
        if codes:
            domain.append(("service_type_id.code", "in", codes))
        try:
            start = (
                georeport.parse_datetime(params["start_date"]) if params.get("start_date") else None
            )
            end = georeport.parse_datetime(params["end_date"]) if params.get("end_date") else None
        except ValueError as error:
            raise Open311Error(
                400,
                env._(
                    "Invalid date %(date)s: use W3C format, e.g. 2026-01-31T00:00:00Z.",
                    date=error.args[0],
                ),
            ) from error
        span = datetime.timedelta(days=georeport.MAX_RANGE_DAYS)
        if start and end and end - start > span:
            raise Open311Error(
                400,
                env._(
                    "start_date and end_date may not span more than %(days)s days.",
                    days=georeport.MAX_RANGE_DAYS,
                ),
            )
        if not start:
            start = (end or fields.Datetime.now()) - span
        domain.append(("create_date", ">=", start))
        if end:
            domain.append(("create_date", "<=", end))
        try:
            statuses = georeport.parse_statuses(params.get("status"))
        except ValueError as error:
            raise Open311Error(
                400,
                env._("Invalid status %(status)s: use open or closed.", status=error.args[0]),
            ) from error
        if statuses:
            domain.append(("state", "in", georeport.states_of(statuses)))
        return domain

    def _paging(self, env, params):
        """The paging extension: ``page`` (from 1) and ``page_size`` (1000 at most)."""
        try:
            page = int(params.get("page") or 1)
            size = int(params.get("page_size") or DEFAULT_PAGE_SIZE)
        except ValueError:
            page = size = 0
        if page < 1 or not 1 <= size <= DEFAULT_PAGE_SIZE:
            raise Open311Error(
                400,
                env._(
                    "page must be a positive number and page_size between 1 and %(max)s.",
                    max=DEFAULT_PAGE_SIZE,
                ),
            )
        return size, (page - 1) * size

    def _check_post(self, env, params, service):
        """POST requests' arguments other than attributes: (values, problems)."""
        problems = []
        values = {
            key: (params.get(key) or "").strip()
            for key in (
                "description",
                "address_string",
                "address_id",
                "media_url",
                "first_name",
                "last_name",
                "phone",
                "email",
            )
        }
        try:
            values["lat"] = georeport.parse_coordinate(params.get("lat"), 90)
            values["long"] = georeport.parse_coordinate(params.get("long"), 180)
        except ValueError:
            problems.append(env._("lat and long must be decimal degrees (WGS84)."))
            values["lat"] = values["long"] = None
        has_point = values["lat"] is not None and values["long"] is not None
        if not (has_point or values["address_string"] or values["address_id"]):
            problems.append(
                env._("A location is required: lat and long, address_string or address_id.")
            )
        if values["address_id"] and not values["address_string"]:
            values["address_string"] = values["address_id"]
        if len(values["description"]) > georeport.MAX_DESCRIPTION:
            problems.append(
                env._(
                    "description is longer than %(max)s characters.", max=georeport.MAX_DESCRIPTION
                )
            )
        if values["media_url"] and not _URL.match(values["media_url"]):
            problems.append(env._("media_url must be an http(s) URL."))
        return values, problems

    def _attribute_problem(self, env, service, problem, code):
        name = service.open311_attribute_ids.filtered(lambda a: a.code == code).name
        if problem == "missing":
            return env._("attribute[%(code)s] (%(name)s) is required.", code=code, name=name)
        if problem == "not_a_number":
            return env._("attribute[%(code)s] (%(name)s) must be a number.", code=code, name=name)
        if problem == "not_a_datetime":
            return env._(
                "attribute[%(code)s] (%(name)s) must be a W3C date-time.", code=code, name=name
            )
        return env._(
            "attribute[%(code)s] (%(name)s) must be one of its keys.", code=code, name=name
        )
