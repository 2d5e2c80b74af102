"""SQLAlchemy models: importing this package registers every table on the metadata."""

from portal.models.portal import Account, AuditEvent, Message, SignInCode, Statement
from portal.models.registry import MseDecision, Person, ProgrammeItem, RehabilitationProgramme

__all__ = [
    "Account", "AuditEvent", "Message", "MseDecision", "Person", "ProgrammeItem",
    "RehabilitationProgramme", "SignInCode", "Statement",
]
