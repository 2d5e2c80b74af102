"""SQLAlchemy models: importing this package registers every table on the metadata."""

from portal.models.api import ApiToken, RegistryCopy
from portal.models.departments import Department
from portal.models.drafts import Draft
from portal.models.interpreters import Booking, BookingDecline, Interpreter, InterpreterQuota, InterpreterSlot
from portal.models.jobs import JobRun
from portal.models.mandates import Mandate, MandateEvent
from portal.models.programme_follow_ups import ProgrammeFollowUp
from portal.models.portal import Account, AuditEvent, Message, SignInCode, Statement
from portal.models.registry import Benefit, MseDecision, Payment, Person, ProgrammeItem, RehabilitationProgramme
from portal.models.requests import Evidence, RequestEvent, ServiceRequest
from portal.models.sessions import SignedInSession
from portal.models.staff import StaffUser
from portal.models.statistics import PublishedTable

__all__ = [
    "Account", "ApiToken", "AuditEvent", "Benefit", "Booking", "BookingDecline", "Department", "Draft", "Evidence", "Interpreter",
    "InterpreterQuota", "InterpreterSlot", "JobRun", "Mandate", "MandateEvent", "Message", "MseDecision", "Payment", "Person",
    "ProgrammeFollowUp", "ProgrammeItem", "PublishedTable", "RegistryCopy", "RehabilitationProgramme", "RequestEvent",
    "ServiceRequest", "SignInCode", "SignedInSession", "StaffUser", "Statement",
]
