"""Models of the agency-services marketplace."""

from .agencies import Agency, AgencyStatus, Qualification, QualificationStatus, StaffMember
from .audit import AuditEntry
from .catalogue import ServiceCategory
from .contracts import EVALUATION_DAYS, Contract, Evaluation, ServiceResult
from .credit import RATING_WEIGHTS, CreditRating, Grievance, RatingSource, Sanction, SanctionKind
from .projects import (
    PUBLIC_STATES,
    TRANSITIONS,
    Project,
    ProjectState,
    QuoteMethod,
    SelectionMethod,
    SignUp,
)
from .selection import MeritCriterion, MeritScore, Selection

__all__ = [
    "EVALUATION_DAYS", "PUBLIC_STATES", "RATING_WEIGHTS", "TRANSITIONS", "Agency", "AuditEntry", "AgencyStatus", "Contract",
    "CreditRating", "Evaluation", "Grievance", "MeritCriterion", "MeritScore", "Project", "ProjectState",
    "Qualification", "QualificationStatus", "QuoteMethod", "RatingSource", "Sanction", "SanctionKind",
    "SelectionMethod", "Selection", "ServiceCategory", "ServiceResult", "SignUp", "StaffMember",
]
