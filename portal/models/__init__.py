"""SQLAlchemy models: importing this package registers every table on the metadata."""

from portal.models.portal import Account, AuditEvent, Message, SignInCode, Statement
from portal.models.registry import MseDecision, Person, ProgrammeItem, RehabilitationProgramme
from portal.models.requests import Evidence, RequestEvent, ServiceRequest, StaffUser

__all__ = [
    "Account", "AuditEvent", "Evidence", "Message", "MseDecision", "Person", "ProgrammeItem",
    "RehabilitationProgramme", "RequestEvent", "ServiceRequest", "SignInCode", "StaffUser", "Statement",
]
