"""SQLAlchemy models: importing this package registers every table on the metadata."""

from portal.models.registry import MseDecision, Person, ProgrammeItem, RehabilitationProgramme

__all__ = ["MseDecision", "Person", "ProgrammeItem", "RehabilitationProgramme"]
