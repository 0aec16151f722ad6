"""Models of the monthly column check: rules, runs, findings, scores."""

from .findings import (
    OPEN_STATUSES,
    DepartmentScore,
    Finding,
    FindingEvent,
    FindingStatus,
    Notice,
    Observation,
)
from .rules import (
    COMBINED_VETO_KINDS,
    ColumnOverride,
    InspectionSettings,
    KindInterval,
    Rule,
    RuleCode,
    Severity,
    ensure_rules,
)
from .runs import (
    STAGE_ORDER,
    CheckRun,
    ChunkStatus,
    LinkTarget,
    LinkUse,
    PageSnapshot,
    RunChunk,
    RunStatus,
    Stage,
    Trigger,
)

__all__ = [
    "COMBINED_VETO_KINDS", "OPEN_STATUSES", "STAGE_ORDER", "CheckRun", "ChunkStatus", "ColumnOverride",
    "DepartmentScore", "Finding", "FindingEvent", "FindingStatus", "InspectionSettings", "KindInterval",
    "LinkTarget", "LinkUse", "Notice", "Observation", "PageSnapshot", "Rule", "RuleCode", "RunChunk", "RunStatus",
    "Severity", "Stage", "Trigger", "ensure_rules",
]
