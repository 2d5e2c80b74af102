"""HttpRegistry: the RegistryClient that reads a remote registry API (REGISTRY_URL).

Each read has a timeout and a few retries with backoff. Answers are kept for a short time in
memory (REGISTRY_CACHE_SECONDS), and the last answer for every address is kept in the portal's
database with its ETag: asking again sends the tag, so an unchanged answer costs a 304. When the
registry cannot be reached, that copy is used and the page says "as of" when it was confirmed
(portal/registry/freshness.py); with no copy, RegistryUnavailable.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from flask import current_app, g, has_request_context
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from urllib3.util.retry import Retry

from portal.models import RegistryCopy
from portal.models.types import utcnow
from portal.registry import wire
from portal.registry.client import RegistryUnavailable
from portal.registry.freshness import note_copy
from portal.registry.records import (BenefitForPerson, BenefitRecord, BenefitsFile, DecisionRecord, PersonFile,
                                     PersonRecord)

# An answer for an address that the registry says holds nothing (404).
NOTHING = {"not_found": True}


class MemoryCache:
    """A small time-limited cache of answers in this process, oldest entries dropped first."""

    def __init__(self, seconds: float, size: int = 1000):
        self.seconds, self.size = seconds, size
        self.entries: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            return entry[1]

    def put(self, key: str, body: dict) -> None:
        if self.seconds <= 0:
            return
        with self.lock:
            self.entries[key] = (time.monotonic() + self.seconds, body)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class HttpRegistry:
    def __init__(self, base_url: str, token: str | None, *, session_factory, timeout: float = 3.0,
                 retries: int = 2, cache_seconds: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = (min(timeout, 2.0), timeout)  # (connect, read) in seconds
        self.http = requests.Session()
        self.http.headers.update({"Accept": "application/json"})
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=0.2,
                      status_forcelist=(502, 503, 504), allowed_methods={"GET"}, raise_on_status=False)
        self.http.mount("http://", HTTPAdapter(max_retries=retry))
        self.http.mount("https://", HTTPAdapter(max_retries=retry))
        self.cache = MemoryCache(cache_seconds)
        self._session = session_factory

    # Reading one address ------------------------------------------------------------------------

    def fetch(self, path: str, params: dict | None = None, *, keep: bool = True) -> dict | None:
        """The JSON answer for `path`, or None when the registry holds nothing there.

        With `keep`, the answer is kept as a copy to fall back on; lists for batch jobs are not
        kept and need the registry itself."""
        key = path + ("?" + urlencode(sorted(params.items())) if params else "")
        body = self.cache.get(key)
        if body is None:
            body, current = self._fetch(key, keep)
            if current:  # a copy read while the registry is down must keep saying so when read again
                self.cache.put(key, body)
        return None if body == NOTHING else body

    def _fetch(self, key: str, keep: bool) -> tuple[dict, bool]:
        """The answer for `key`, and whether the registry gave or confirmed it now (not a copy)."""
        session = self._session()
        copy = session.get(RegistryCopy, key) if keep else None
        headers = {"If-None-Match": copy.etag} if copy is not None and copy.etag else {}
        try:
            response = self.http.get(self.base_url + key, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            return self._fall_back(copy, f"{key}: {error}")
        if response.status_code == 304 and copy is not None:
            keep_copy(session, key, copy.body, copy.etag)  # confirmed now
            return copy.body, True
        if response.status_code == 404:
            body, etag = NOTHING, None
        elif response.status_code == 200:
            try:
                body = response.json()
            except ValueError:
                return self._fall_back(copy, f"{key}: the answer is not JSON")
            etag = response.headers.get("ETag")
        else:
            return self._fall_back(copy, f"{key}: HTTP {response.status_code}")
        if keep:
            keep_copy(session, key, body, etag)
        return body, True

    @staticmethod
    def _fall_back(copy: RegistryCopy | None, reason: str) -> tuple[dict, bool]:
        if copy is None:
            raise RegistryUnavailable(reason)
        note_copy(copy.checked_at)
        return copy.body, False

    def fetch_all(self, path: str, params: dict, *, keep: bool = False) -> list:
        """Every item of a paged list, following each page's `next` link."""
        items, body = [], self.fetch(path, params, keep=keep)
        base_path = urlsplit(self.base_url).path
        while body is not None:
            items.extend(body["items"])
            following = body.get("next")
            if not following:
                break
            following = urlsplit(following)
            if not following.path.startswith(base_path):
                raise RegistryUnavailable(f"{path}: a next link outside the registry API: {following.path}")
            body = self.fetch(following.path[len(base_path):] + "?" + following.query, keep=keep)
        return items

    # RegistryClient -------------------------------------------------------------------------------

    def ping(self) -> None:
        try:
            response = self.http.get(self.base_url + "/ping", timeout=self.timeout)
        except requests.RequestException as error:
            raise RegistryUnavailable(str(error)) from error
        if response.status_code != 200:
            raise RegistryUnavailable(f"/ping: HTTP {response.status_code}")

    def find_person(self, iin: str) -> PersonRecord | None:
        body = self.fetch(f"/persons/{iin}")
        return self._read(wire.load_person, body)

    def person_file(self, iin: str) -> PersonFile | None:
        body = self.fetch(f"/persons/{iin}/file")
        return self._read(wire.load_file, body)

    def benefits(self, iin: str, *, with_payments: bool = True) -> list[BenefitRecord] | None:
        # One answer carries the payments either way; without them, left out as LocalRegistry leaves them.
        file = self.benefits_file(iin)
        if file is None:
            return None
        return list(file.benefits) if with_payments else [replace(b, payments=()) for b in file.benefits]

    def benefits_file(self, iin: str) -> BenefitsFile | None:
        # Kept like the file: the payments page falls back on it, saying "as of", when the registry is down.
        body = self.fetch(f"/persons/{iin}/benefits")
        return self._read(wire.load_benefits, body)

    def benefits_for(self, iin: str) -> list[BenefitForPerson]:
        # Kept, as the file is: the staff request page reads it, and says "as of" from the copy. The
        # copy is confirmed by its ETag whenever the registry answers; refresh_copies cannot tell
        # which of them a holder's change touches, so it leaves them to that.
        items = self.fetch_all("/benefits", {"for_person": iin}, keep=True)
        try:
            found = [wire.load_benefit_for(item) for item in items]
        except wire.BadAnswer as error:
            raise RegistryUnavailable(f"the registry's answer has an unexpected shape: {error}") from error
        # The registry pages by id, oldest first; newest first as LocalRegistry orders them (on the
        # same day, the one registered later first).
        return sorted(reversed(found), key=lambda f: f.benefit.assigned_on, reverse=True)

    def represented_by(self, iin: str) -> list[PersonRecord]:
        # Kept, unlike the other lists: pages need it (whose matters a carer handles).
        people = [wire.load_person(p) for p in self.fetch_all("/persons", {"represented_by": iin}, keep=True)]
        return sorted(people, key=lambda p: p.birth_date)

    def turning_18_on(self, day: dt.date) -> list[PersonRecord]:
        return [wire.load_person(p) for p in self.fetch_all("/persons", {"turning_18_on": day.isoformat()})]

    def terms_ending(self, first: dt.date, last: dt.date) -> list[tuple[PersonRecord, DecisionRecord]]:
        rows = self.fetch_all("/decisions", {"term_ends_from": first.isoformat(), "term_ends_to": last.isoformat()})
        pairs = [(wire.load_person(row["person"]), wire.load_decision(row["decision"])) for row in rows]
        return sorted(pairs, key=lambda pair: (pair[1].valid_until, pair[0].iin))

    def refresh_copies(self, since: dt.datetime | None = None) -> int:
        """Ask the registry what changed since `since` (the last good refresh began; the first time,
        since the oldest copy was confirmed), and fetch again the copies about those persons (and
        their representatives' lists); the number refreshed."""
        session = self._session()
        oldest = session.scalar(select(func.min(RegistryCopy.checked_at)))
        if oldest is None:
            return 0
        keys = set()
        for change in self.fetch_all("/changes", {"since": (since or oldest).isoformat()}):
            keys |= {f"/persons/{change['iin']}", f"/persons/{change['iin']}/file",
                     f"/persons/{change['iin']}/benefits"}
            if change.get("legal_representative_iin"):
                keys.add("/persons?" + urlencode({"represented_by": change["legal_representative_iin"]}))
        held = session.scalars(select(RegistryCopy.path).where(RegistryCopy.path.in_(keys))).all() if keys else []
        self.cache.clear()
        for key in held:
            self._fetch(key, keep=True)
        return len(held)

    @staticmethod
    def _read(loader, body):
        if body is None:
            return None
        try:
            return loader(body)
        except wire.BadAnswer as error:
            raise RegistryUnavailable(f"the registry's answer has an unexpected shape: {error}") from error



def keep_copy(session, key: str, body: dict, etag: str | None) -> None:
    """Keep the answer as the copy for `key`. In a request it is written when the request ends
    (save_kept_copies), apart from the request's own transaction: a page that changes nothing
    and never commits still keeps what it read."""
    if has_request_context():
        g.setdefault("registry_copies", {})[key] = (body, etag, utcnow())
    else:
        write_copies(session, {key: (body, etag, utcnow())})


def write_copies(session, copies: dict) -> None:
    """Insert or replace the copies, all in one statement (a page reads several people), so that
    two processes keeping one at once both succeed."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(RegistryCopy.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["path"], set_={name: statement.excluded[name] for name in ("body", "etag", "checked_at")})
    session.execute(statement, [{"path": key, "body": body, "etag": etag, "checked_at": checked_at}
                                for key, (body, etag, checked_at) in copies.items()])


def save_kept_copies(session) -> None:
    """At the end of a request: end its transaction as teardown would (what it did not commit is
    not kept), then write the copies it read in a transaction of their own."""
    copies = g.pop("registry_copies", None)
    if not copies:
        return
    try:
        session.rollback()  # inside: with the database gone, this fails too, and the page must not
        write_copies(session, copies)
        session.commit()
    except SQLAlchemyError as error:
        session.rollback()
        current_app.logger.warning("registry copies not kept: %s", error)
