# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A fake Twilio REST API on 127.0.0.1 that speaks Twilio's wire protocol.

It accepts the requests the addon makes (``Calls.json``, ``Messages.json``)
with HTTP Basic auth, records each of them, answers with Twilio-shaped JSON or
Twilio error codes, can be told to fail or to answer slowly, injects random
faults on demand (transient errors, requests accepted but never answered),
can hold requests in flight, and posts status callbacks signed like Twilio's
(``X-Twilio-Signature``).

``FakeTwilioCase`` starts one server per test class and routes the requests
Odoo code sends to ``https://api.twilio.com`` to it, so the code under test
keeps using Twilio's real URL through the real ``twilio`` SDK or ``requests``.
"""

import base64
import json
import random
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import requests
from twilio.request_validator import RequestValidator

from odoo.tests.common import _super_send

TWILIO_API_HOST = "api.twilio.com"
API_PATH_RE = re.compile(
    r"^/2010-04-01/Accounts/(?P<account>[^/]+)"
    r"/(?P<resource>Calls|Messages|IncomingPhoneNumbers)"
    r"(?:/(?P<sid>[A-Z]{2}[0-9a-f]{32}))?\.json$"
)
MEDIA_PATH_RE = re.compile(
    r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages/MM[0-9a-f]{32}"
    r"/Media/ME[0-9a-f]{32}$"
)
E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")
# How the Messages API addresses WhatsApp numbers, and its templates' ids.
WHATSAPP = "whatsapp:"
CONTENT_SID_RE = re.compile(r"^HX[0-9a-f]{32}$")
SID_PREFIX = {"Calls": "CA", "Messages": "SM"}
# What Twilio answers when a required parameter is wrong, per resource.
INVALID_TO = {
    "Calls": (21217, "Phone number is not a valid phone number"),
    "Messages": (21211, "Invalid 'To' Phone Number"),
}


def new_sid(prefix):
    return prefix + secrets.token_hex(16)


def twilio_error(status, code, message):
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


@dataclass
class MediaFile:
    """A picture (or any file) of an MMS, as Twilio serves it."""

    content_type: str
    data: bytes


@dataclass
class ScriptedAnswer:
    """What the server answers instead of the normal outcome."""

    status: int = 201
    code: int | None = None
    message: str = ""
    delay: float = 0.0
    resource: str | None = None  # "Calls", "Messages" or any


# Transient errors Twilio answers under load or during an outage.
TRANSIENT_ERRORS = (
    (503, 20503, "Service Unavailable"),
    (429, 20429, "Too Many Requests"),
)


@dataclass
class Faults:
    """Random faults on API requests that create a call or a message,
    reproducible from ``seed``: a share ``transient`` answered with a
    transient Twilio error (503 or 429), and a share ``timeout`` accepted
    (the call or message is created: it left) and then left unanswered for
    ``hang`` seconds before the connection is closed, so that a client
    waiting less times out. ``max_timeouts`` bounds how many hang."""

    transient: float = 0.0
    timeout: float = 0.0
    max_timeouts: int | None = None
    hang: float = 15.0
    seed: int | None = None


@dataclass
class RecordedRequest:
    method: str
    path: str
    resource: str | None
    form: dict
    headers: dict
    authenticated: bool
    status: int = 0
    answer: dict = field(default_factory=dict)
    # every value of repeated parameters (StatusCallbackEvent...)
    form_lists: dict = field(default_factory=dict)
    # (host, port) of the client's socket
    client: tuple = ()
    # the fault injected: "transient", "timeout" (accepted, never answered)
    fault: str | None = None
    held: bool = False
    # when the fake read it (time.monotonic())
    received_at: float = field(default_factory=time.monotonic)

    @property
    def accepted(self):
        """Whether the call or message was created: it left, answered or not."""
        return self.status == 201

    @property
    def sid(self):
        return self.answer.get("sid")


class FakeTwilio:
    """The server; thread-safe, started with ``start()`` or as a context manager."""

    def __init__(self, account_sid=None, auth_token=None, latency=0.0, faults=None):
        self.account_sid = account_sid or new_sid("AC")
        # seconds each API request takes, as Twilio's own do (for benchmarks)
        self.latency = latency
        self.auth_token = auth_token or secrets.token_hex(16)
        self.requests = []
        self.callbacks = []
        self._script = []
        self._number_failures = {}
        self._resources = {}
        self.numbers = {}
        self.media = {}
        self._sequence_numbers = {}
        self._lock = threading.Lock()
        self.inject_faults(faults or Faults())
        # cleared while requests are held; set again to let them go
        self._gate = threading.Event()
        self._gate.set()
        self._stopping = threading.Event()
        self._server = None
        self.refuse_connections = False

    # ----------------------------------------------------------- life cycle
    def start(self):
        self._stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._stopping.set()  # ends the hangs
        self._gate.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    def reset(self):
        with self._lock:
            self.requests.clear()
            self.callbacks.clear()
            self._script.clear()
            self._number_failures.clear()
            self.numbers.clear()
            self.media.clear()
        self.inject_faults(Faults())
        self._gate.set()
        self.refuse_connections = False

    # ----------------------------------------------------------- scripting
    def fail_next(self, code, status=400, message="", count=1, resource=None):
        """Answer the next ``count`` API requests with a Twilio error."""
        answer = ScriptedAnswer(status, code, message or f"Error {code}", 0, resource)
        with self._lock:
            self._script.extend([answer] * count)

    def delay_next(self, seconds, count=1, resource=None):
        """Answer the next ``count`` API requests normally, after ``seconds``."""
        with self._lock:
            self._script.extend(
                [ScriptedAnswer(delay=seconds, resource=resource)] * count
            )

    def fail_number(self, number, code, status=400, message=""):
        """Answer every request to ``number`` with a Twilio error."""
        self._number_failures[number] = ScriptedAnswer(
            status, code, message or f"Error {code}"
        )

    def inject_faults(self, faults):
        """Inject ``faults`` (a ``Faults``) from now on, from their seed."""
        with self._lock:
            self.faults = faults
            self._random = random.Random(faults.seed)
            self.timeouts_injected = 0

    def hold(self):
        """Keep the API requests that arrive from now on in flight, unanswered,
        until ``release()``: who sent them can be seen meanwhile. They are
        answered normally then, without random faults."""
        self._gate.clear()

    def release(self):
        self._gate.set()

    def held_requests(self):
        with self._lock:
            return [request for request in self.requests if request.held]

    def _roll_fault(self):
        faults = self.faults
        with self._lock:
            dice = self._random.random()
            if dice < faults.transient:
                return "transient"
            if dice < faults.transient + faults.timeout and (
                faults.max_timeouts is None
                or self.timeouts_injected < faults.max_timeouts
            ):
                self.timeouts_injected += 1
                return "timeout"
        return None

    def _transient_error(self):
        with self._lock:
            status, code, message = self._random.choice(TRANSIENT_ERRORS)
        return status, twilio_error(status, code, message)

    def _next_scripted(self, resource):
        with self._lock:
            for index, answer in enumerate(self._script):
                if answer.resource in (None, resource):
                    return self._script.pop(index)
        return None

    # ----------------------------------------------------------- inspection
    def api_requests(self, resource=None):
        """Recorded API requests, optionally of one resource ("Calls", "Messages")."""
        return [
            request
            for request in self.requests
            if request.resource and resource in (None, request.resource)
        ]

    def most_messages_in_one_second(self):
        """{sending number: the most messages it sent that the fake received
        within any one second}."""
        arrivals = {}
        for request in self.api_requests("Messages"):
            if request.method == "POST" and request.accepted:
                arrivals.setdefault(request.form.get("From"), []).append(
                    request.received_at
                )
        most = {}
        for number, times in arrivals.items():
            times.sort()
            first = 0
            for last, received_at in enumerate(times):
                while received_at - times[first] >= 1.0:
                    first += 1
                most[number] = max(most.get(number, 0), last - first + 1)
        return most

    # ----------------------------------------------------------- callbacks
    def post_status_callback(self, recorded, status, url=None, signature=None, **extra):
        """POST a status callback for a recorded call or message, signed as
        Twilio does with the account's auth token (or with ``signature``)."""
        url = url or recorded.form["StatusCallback"]
        params = self.callback_params(recorded, status, **extra)
        if signature is None:
            signature = RequestValidator(self.auth_token).compute_signature(url, params)
        return requests.post(
            url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30
        )

    def run_call(self, recorded, keys=(), signature=None, url=None):
        """Play the TwiML of a recorded call as Twilio does once the customer
        answers: read each <Say>, play each <Play>, and at a <Gather> take
        the next of ``keys`` (none: the customer waits out its timeout),
        POST it to the Gather's action, signed as Twilio does (or with
        ``signature``; to ``url`` instead of the action), and go on with
        the TwiML answered (a None key: the customer lets that asking
        pass). Return what the customer heard and did:
        ("say", text, voice, language), ("play", url), ("key", digit,
        HTTP status), ("dial", number), ("hangup",)."""
        keys = list(keys)
        heard = []
        verbs = list(ElementTree.fromstring(recorded.form["Twiml"]))
        while verbs:
            verb = verbs.pop(0)
            if isinstance(verb, str):  # the Gather's question was heard
                gather = verbs.pop(0)
                digit = keys.pop(0)
                response = self._press(recorded, gather, digit, signature, url)
                heard.append(("key", digit, response.status_code))
                # As Twilio does: the encoding of the XML declaration.
                verbs = list(ElementTree.fromstring(response.content or b"<Response/>"))
            elif verb.tag == "Say":
                heard.append(
                    (
                        "say",
                        "".join(verb.itertext()),
                        verb.get("voice"),
                        verb.get("language"),
                    )
                )
            elif verb.tag == "Play":
                heard.append(("play", verb.text))
            elif verb.tag == "Gather":
                # None: the customer lets this asking pass without a key.
                waits = bool(keys) and keys[0] is None
                if waits:
                    keys.pop(0)
                presses = bool(keys) and not waits
                verbs = [*verb, *(["pressed", verb] if presses else []), *verbs]
            elif verb.tag == "Dial":
                heard.append(("dial", verb.text))
            elif verb.tag == "Hangup":
                heard.append(("hangup",))
                break
        return heard

    def _press(self, recorded, gather, digit, signature, url):
        url = url or gather.get("action")
        params = self.callback_params(recorded, "in-progress")
        params.pop("SequenceNumber")
        params.update(Digits=digit, FinishedOnKey="")
        if signature is None:
            signature = RequestValidator(self.auth_token).compute_signature(url, params)
        return requests.post(
            url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30
        )

    def post_inbound_sms(
        self, url, from_, to, body, sid=None, signed_for=None, token=None, media=()
    ):
        """POST "A message comes in" for an SMS (a WhatsApp message with
        whatsapp: numbers) from ``from_`` to the account's number ``to``,
        signed as Twilio does: for ``url`` with the account's auth token,
        unless ``signed_for`` names another URL or ``token`` another token
        ("" sends no signature); an MMS with the ``media`` MediaFiles, which
        Twilio then serves. Return the response and the message's sid (a new
        one unless ``sid`` repeats one)."""
        sid = sid or new_sid("MM" if media else "SM")
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "MessageSid": sid,
            "SmsSid": sid,
            "SmsMessageSid": sid,
            "SmsStatus": "received",
            "From": from_,
            "To": to,
            "Body": body,
            "NumMedia": str(len(media)),
            "NumSegments": "1",
        }
        if from_.startswith(WHATSAPP):  # what Twilio adds for WhatsApp
            params.update(ProfileName="Customer", WaId=from_[len(WHATSAPP) + 1 :])
        for index, media_file in enumerate(media):
            path = (
                f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}"
                f"/Media/{new_sid('ME')}"
            )
            self.media[path] = media_file
            params[f"MediaUrl{index}"] = f"https://{TWILIO_API_HOST}{path}"
            params[f"MediaContentType{index}"] = media_file.content_type
        token = self.auth_token if token is None else token
        headers = {}
        if token:
            headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(
                signed_for or url, params
            )
        response = requests.post(url, data=params, headers=headers, timeout=30)
        return response, sid

    def callback_params(self, recorded, status, **extra):
        sid = recorded.sid
        with self._lock:
            sequence = self._sequence_numbers.get(sid, -1) + 1
            self._sequence_numbers[sid] = sequence
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "From": recorded.form.get("From", ""),
            "To": recorded.form.get("To", ""),
        }
        if recorded.resource == "Calls":
            params.update(
                CallSid=sid,
                CallStatus=status,
                Direction="outbound-api",
                SequenceNumber=str(sequence),
                Timestamp=formatdate(usegmt=True),
            )
        else:
            params.update(
                MessageSid=sid, SmsSid=sid, MessageStatus=status, SmsStatus=status
            )
        params.update({key: str(value) for key, value in extra.items()})
        return params

    # ----------------------------------------------------------- answers
    def handle(self, method, path, headers, body, client=()):
        """Return (status, json answer) for one HTTP request, and record it;
        (None, None) when the request is to be left unanswered."""
        media_match = MEDIA_PATH_RE.match(urlsplit(path).path)
        if media_match:
            return self._answer_media(method, path, headers, media_match)
        match = API_PATH_RE.match(urlsplit(path).path)
        form_lists = parse_qs(body)
        form = {key: values[-1] for key, values in form_lists.items()}
        if not match:
            # Anything else is a callback Twilio would have sent somewhere:
            # kept so that a test can post callbacks to the server itself.
            recorded = RecordedRequest(method, path, None, form, headers, True, 204)
            with self._lock:
                self.callbacks.append(recorded)
            return recorded.status, None
        resource = match["resource"]
        if method == "GET":
            form = {
                key: values[-1]
                for key, values in parse_qs(urlsplit(path).query).items()
            }
        authenticated = self._authenticated(match["account"], headers)
        recorded = RecordedRequest(
            method,
            path,
            resource,
            form,
            headers,
            authenticated,
            form_lists=form_lists,
            client=tuple(client),
            held=not self._gate.is_set(),
        )
        with self._lock:
            self.requests.append(recorded)
        if recorded.held:
            self._gate.wait()
            recorded.held = False
        elif method == "POST" and authenticated:
            # A held request is answered normally: whoever held it decides
            # what happens meanwhile (a client killed while it waits...).
            recorded.fault = self._roll_fault()
        if recorded.fault == "transient":
            recorded.status, recorded.answer = self._transient_error()
            return recorded.status, recorded.answer
        recorded.status, recorded.answer = self._answer(
            method, match, form, authenticated
        )
        if recorded.fault == "timeout":
            self._stopping.wait(self.faults.hang)
            return None, None
        return recorded.status, recorded.answer

    def _authenticated(self, account, headers):
        scheme, _, credentials = headers.get("Authorization", "").partition(" ")
        try:
            user, _, password = base64.b64decode(credentials).decode().partition(":")
        except ValueError:
            return False
        return (
            scheme == "Basic"
            and user == account == self.account_sid
            and secrets.compare_digest(password, self.auth_token)
        )

    def _answer(self, method, match, form, authenticated):
        if not authenticated:
            return 401, twilio_error(401, 20003, "Authenticate")
        resource = match["resource"]
        if resource == "IncomingPhoneNumbers":
            return self._answer_numbers(method, match["sid"], form)
        if method == "GET":
            known = self._resources.get(match["sid"])
            if not known:
                return 404, twilio_error(
                    404, 20404, "The requested resource was not found"
                )
            return 200, known
        if self.latency:
            time.sleep(self.latency)
        scripted = self._next_scripted(resource) or self._number_failures.get(
            form.get("To")
        )
        if scripted and scripted.delay:
            time.sleep(scripted.delay)
        if scripted and scripted.code:
            return scripted.status, twilio_error(
                scripted.status, scripted.code, scripted.message
            )
        problem = self._invalid(resource, form)
        if problem:
            return 400, twilio_error(400, *problem)
        answer = self._created(resource, form)
        self._resources[answer["sid"]] = answer
        return 201, answer

    def _answer_media(self, method, path, headers, match):
        authenticated = self._authenticated(match["account"], headers)
        recorded = RecordedRequest(method, path, "Media", {}, headers, authenticated)
        with self._lock:
            self.requests.append(recorded)
        media = self.media.get(urlsplit(path).path)
        if not authenticated:
            recorded.status, recorded.answer = (
                401,
                twilio_error(401, 20003, "Authenticate"),
            )
        elif not media:
            recorded.status, recorded.answer = (
                404,
                twilio_error(404, 20404, "The requested resource was not found"),
            )
        else:
            recorded.status, recorded.answer = 200, media
        return recorded.status, recorded.answer

    def own_number(self, phone_number, sms_url=""):
        """A number of the account, as bought in Twilio's console."""
        sid = new_sid("PN")
        self.numbers[sid] = {
            "sid": sid,
            "account_sid": self.account_sid,
            "phone_number": phone_number,
            "sms_url": sms_url,
            "sms_method": "POST",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}"
            f"/IncomingPhoneNumbers/{sid}.json",
        }
        return self.numbers[sid]

    def _answer_numbers(self, method, sid, form):
        if method == "GET" and not sid:
            found = [
                number
                for number in self.numbers.values()
                if form.get("PhoneNumber") in (None, number["phone_number"])
            ]
            uri = f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers.json"
            return 200, {
                "incoming_phone_numbers": found,
                "page": 0,
                "page_size": 50,
                "start": 0,
                "end": max(len(found) - 1, 0),
                "uri": uri,
                "first_page_uri": uri,
                "next_page_uri": None,
                "previous_page_uri": None,
            }
        number = self.numbers.get(sid)
        if not number:
            return 404, twilio_error(404, 20404, "The requested resource was not found")
        if method == "POST":
            number.update(
                sms_url=form.get("SmsUrl", number["sms_url"]),
                sms_method=form.get("SmsMethod", number["sms_method"]),
            )
        return 200, number

    def _invalid(self, resource, form):
        if not form.get("To"):
            return 21201, "No 'To' number is specified"
        to = form["To"]
        if resource == "Messages" and to.startswith(WHATSAPP):
            if not form.get("From", "").startswith(WHATSAPP):
                return 63007, "Twilio could not find a Channel with the From address"
            to = to.removeprefix(WHATSAPP)
        if not E164_RE.match(to):
            return INVALID_TO[resource]
        if resource == "Calls":
            if not form.get("From"):
                return 21213, "No 'From' number is specified"
            if not (form.get("Twiml") or form.get("Url")):
                return 21205, "Url parameter is required"
        else:
            if not (form.get("From") or form.get("MessagingServiceSid")):
                return 21603, "'From' phone number is required"
            if form.get("ContentSid"):
                if not CONTENT_SID_RE.match(form["ContentSid"]):
                    return 21656, "The ContentSid is invalid"
                try:
                    json.loads(form.get("ContentVariables") or "{}")
                except ValueError:
                    return 21656, "The ContentVariables parameter is invalid"
            elif not form.get("Body"):
                return 21602, "Message body is required"
        return None

    def _created(self, resource, form):
        sid = new_sid(SID_PREFIX[resource])
        now = formatdate(usegmt=True)
        answer = {
            "sid": sid,
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "date_created": now,
            "date_updated": now,
            "direction": "outbound-api",
            "from": form.get("From"),
            "to": form["To"],
            "status": "queued",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/{resource}/{sid}.json",
        }
        if resource == "Messages":
            answer.update(
                body=form.get("Body", ""),
                num_segments="1",
                num_media="0",
                error_code=None,
                error_message=None,
                messaging_service_sid=form.get("MessagingServiceSid"),
            )
        else:
            answer.update(duration=None, answered_by=None, parent_call_sid=None)
        return answer

    # ----------------------------------------------------------- routing
    def reroute(self, url):
        """Twilio's API URL rewritten to this server, or None for another host.

        With ``refuse_connections`` set, to a port where nothing listens: the
        client's connection is refused, as when Twilio cannot be reached.
        """
        parts = urlsplit(url)
        if parts.hostname != TWILIO_API_HOST:
            return None
        query = f"?{parts.query}" if parts.query else ""
        base = _closed_port_url() if self.refuse_connections else self.url
        return f"{base}{parts.path}{query}"


def _closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        status, answer = self.server.fake.handle(
            self.command, self.path, dict(self.headers), body, self.client_address
        )
        if status is None:  # never answered: the connection is closed
            self.close_connection = True
            return
        content_type = "application/json"
        if isinstance(answer, MediaFile):
            content_type, payload = answer.content_type, answer.data
        else:
            payload = json.dumps(answer).encode() if answer is not None else b""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client is gone (timed out, or its process died)
            self.close_connection = True

    do_GET = do_POST = _serve

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: the recorded requests are the log."""


class FakeTwilioCase:
    """Mixin for Odoo test cases: a fake Twilio per class, and the requests
    Odoo sends to Twilio's API routed to it."""

    fake_twilio = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake_twilio = FakeTwilio().start()
        cls.addClassCleanup(cls.fake_twilio.stop)

    def setUp(self):
        super().setUp()
        self.fake_twilio.reset()

    @classmethod
    def connect_company_to_the_fake(cls, number, **company_values):
        """The test company on the fake's Twilio account, sending from the
        US ``number`` without a limit of SMS per second, its callbacks at the
        test server, out of sandbox; it and its customer are Belgian. Return
        the Twilio number."""
        cls.env["ir.config_parameter"].set_param("web.base.url", cls.base_url())
        belgium = cls.env.ref("base.be")
        cls.company.write(
            {
                "sale_status_sandbox": False,
                "sms_twilio_account_sid": cls.fake_twilio.account_sid,
                "sms_twilio_auth_token": cls.fake_twilio.auth_token,
                "country_id": belgium.id,
                # Sending at Twilio's pace has its own tests (test_sms_pace).
                "sale_status_sms_per_second": 0,
                **company_values,
            }
        )
        cls.customer.country_id = belgium
        return cls.env["sms.twilio.number"].create(
            {
                "company_id": cls.company.id,
                "number": number,
                "country_id": cls.env.ref("base.us").id,
            }
        )

    @classmethod
    def _request_handler(cls, session, request, **kwargs):
        rerouted = cls.fake_twilio and cls.fake_twilio.reroute(request.url)
        if not rerouted:
            return super()._request_handler(session, request, **kwargs)
        request.url = rerouted
        # Sent as is: the base handler would stretch short timeouts to 10 s,
        # and the timeouts of the Twilio calls are part of what is tested.
        return _super_send(session, request, **kwargs)
