"""The JSON form of registry records, written by the registry API and read by HttpRegistry."""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, fields

from portal.registry.records import (
    BenefitForPerson,
    BenefitHolder,
    BenefitRecord,
    BenefitsFile,
    DecisionRecord,
    ItemRecord,
    PaymentRecord,
    PersonFile,
    PersonRecord,
    ProgrammeRecord,
)

DATE_FIELDS = {"birth_date", "decision_date", "onset_date", "valid_from", "valid_until", "reexamination_date",
               "due_date", "started_on", "completed_on", "drawn_up_on", "guardianship_decided_on",
               "assigned_on", "status_since", "month", "paid_on", "payments_since"}


class BadAnswer(ValueError):
    """The registry answered with JSON that is not a record of the expected shape."""


def dump(record) -> dict:
    """A record as JSON values: dates as ISO 8601 strings, nested records as objects."""
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [dump(part) for part in value]
        out[f.name] = value
    return out


def load(record_type, data, **nested):
    """The record of `record_type` that `dump` wrote; `nested` names the loader of each list field."""
    if not isinstance(data, dict):
        raise BadAnswer(f"expected an object for {record_type.__name__}")
    values = {}
    try:
        for f in fields(record_type):
            value = data[f.name] if f.name in data or f.default is MISSING else f.default
            if f.name in nested:
                value = tuple(nested[f.name](part) for part in value)
            elif f.name in DATE_FIELDS and value is not None:
                value = dt.date.fromisoformat(value)
            values[f.name] = value
    except (KeyError, TypeError, ValueError) as error:
        raise BadAnswer(f"{record_type.__name__}: {error!r}") from error
    return record_type(**values)


def load_person(data) -> PersonRecord:
    return load(PersonRecord, data)


def load_decision(data) -> DecisionRecord:
    return load(DecisionRecord, data)


def load_programme(data) -> ProgrammeRecord:
    return load(ProgrammeRecord, data, items=lambda item: load(ItemRecord, item))


def dump_file(file: PersonFile) -> dict:
    return {"person": dump(file.person), "decisions": [dump(d) for d in file.decisions],
            "programmes": [dump(p) for p in file.programmes]}


def load_file(data) -> PersonFile:
    if not isinstance(data, dict):
        raise BadAnswer("expected an object for a person's file")
    try:
        return PersonFile(person=load_person(data["person"]),
                          decisions=tuple(load_decision(d) for d in data["decisions"]),
                          programmes=tuple(load_programme(p) for p in data["programmes"]))
    except (KeyError, TypeError) as error:
        raise BadAnswer(f"person file: {error!r}") from error


def load_benefit(data) -> BenefitRecord:
    return load(BenefitRecord, data, payments=lambda payment: load(PaymentRecord, payment))


def load_benefits(data) -> BenefitsFile:
    """A person's benefits as /persons/<iin>/benefits gives them (`dump` writes them)."""
    return load(BenefitsFile, data, benefits=load_benefit)


def dump_benefit_for(found: BenefitForPerson) -> dict:
    """An item of /benefits?for_person=: the holder, and the benefit without its payments (none
    were read; an empty list would say "nothing paid")."""
    benefit = dump(found.benefit)
    del benefit["payments"]
    return {"holder": dump(found.holder), "benefit": benefit}


def load_benefit_for(data) -> BenefitForPerson:
    if not isinstance(data, dict):
        raise BadAnswer("expected an object for a benefit paid for a person")
    try:
        holder, benefit = data["holder"], data["benefit"]
        if not isinstance(benefit, dict):
            raise TypeError("benefit")
        return BenefitForPerson(holder=load(BenefitHolder, holder),
                                benefit=load_benefit({**benefit, "payments": []}))
    except (KeyError, TypeError) as error:
        raise BadAnswer(f"benefit for a person: {error!r}") from error
