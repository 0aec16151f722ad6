"""Models of the 跨省通办 module: partners, agreements, batches, items and proxy cases."""

from .agreements import Agreement, AgreementStatus, ItemBatch, PartnerRegion, current_agreements, next_batch_number
from .cases import STEP_BY_KEY, STEPS, Direction, ProxyCase, Stage, Step
from .items import CrossItem, Mode, mode_from_label

__all__ = [
    "STEPS", "STEP_BY_KEY", "Agreement", "AgreementStatus", "CrossItem", "Direction", "ItemBatch", "Mode",
    "PartnerRegion", "ProxyCase", "Stage", "Step", "current_agreements", "mode_from_label", "next_batch_number",
]
