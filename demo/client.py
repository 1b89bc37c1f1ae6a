"""A small JSON client of Rostok's HTTP API: bearer tokens, idempotency keys, one clear error per refusal."""
from __future__ import annotations

import json
import time
import uuid
from urllib import error, request


class ApiError(RuntimeError):
    def __init__(self, method: str, path: str, status: int, body: dict | str):
        self.status = status
        self.body = body
        detail = body.get("message") if isinstance(body, dict) else body
        errors = body.get("errors") if isinstance(body, dict) else None
        super().__init__(f"{method} {path} answered {status}: {detail}" + (f" {errors}" if errors else ""))


class Api:
    """Calls one Rostok (all three services behind one URL) as one signed-in person."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 60.0):
        self.base = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def signed_in(self, email: str, password: str) -> "Api":
        token = self.post("/cohorts/api/v1/auth/token", {"email": email, "password": password})["token"]
        return Api(self.base, token, timeout=self.timeout)

    def as_link(self, link_token: str) -> "Api":
        """A juror on the fair day, by the personal link's token."""
        return Api(self.base, link_token, timeout=self.timeout)

    def get(self, path: str, **params) -> dict:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self._call("GET", path + (f"?{query}" if query else ""))

    def items(self, path: str) -> list[dict]:
        """Every item of a paged list."""
        found, page = [], 1
        while True:
            answer = self.get(path, page=page, per_page=200)
            if isinstance(answer, list):  # a short list that is never paged
                return answer
            found += answer["items"]
            if len(found) >= answer.get("total", 0) or not answer["items"]:
                return found
            page += 1

    def post(self, path: str, body: dict | None = None, *, key: str | None = None) -> dict:
        return self._call("POST", path, body, key=key)

    def put(self, path: str, body: dict) -> dict:
        return self._call("PUT", path, body)

    def patch(self, path: str, body: dict) -> dict:
        return self._call("PATCH", path, body)

    def upload(self, path: str, filename: str, content: bytes) -> dict:
        boundary = uuid.uuid4().hex
        data = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self._send("POST", path, data, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def _call(self, method: str, path: str, body: dict | None = None, *, key: str | None = None) -> dict:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if key:
            headers["Idempotency-Key"] = key  # a call sent again (here: a second run) answers the first record
        data = json.dumps(body).encode() if body is not None else None
        return self._send(method, path, data, headers)

    def _send(self, method: str, path: str, data: bytes | None, headers: dict) -> dict:
        headers = {"Accept": "application/json", "Accept-Language": "ru", **headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(5):
            req = request.Request(self.base + path, data=data, method=method, headers=headers)
            try:
                with request.urlopen(req, timeout=self.timeout) as response:
                    raw = response.read()
                    return json.loads(raw) if raw else {}
            except error.HTTPError as exc:
                raw = exc.read().decode("utf-8", "replace")
                if exc.code in (429, 503) and attempt < 4:  # told to slow down or not ready yet: as asked
                    time.sleep(float(exc.headers.get("Retry-After") or 1))
                    continue
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw[:300]
                raise ApiError(method, path, exc.code, body) from None
        raise AssertionError("unreachable")


def wait_for(what: str, check, *, timeout: float = 120.0, every: float = 0.3):
    """Poll until ``check()`` is truthy: events between the services take their moment."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)
