"""Projects as OCDS 1.1 releases (Open Contracting Data Standard, schema 1.1.5 in ``schema/``).

One contracting process per published project, ``ocid`` = ``MARKETPLACE_OCID_PREFIX`` (default
``ocds-gongkai-``) + 项目编号. Each stage the project has reached is one release, dated when that
stage happened, so merging the releases (``ocdskit compile``) gives the project as it stands:

=================  =========================  ==================================================
release tag        date                       adds
=================  =========================  ==================================================
tender             发布时间                    the notice: tender, planning.budget, buyer
tenderUpdate       报名截止 (once closed)      tenderers, numberOfTenderers; 无效 → unsuccessful
award              选取时间 (decided)          the award: supplier, value, date; tender complete
contract           合同备案 (uploaded)         contract: value, period, dateSigned, pending
contractUpdate     业主确认                    contract active
implementation     服务完成                    contract terminated (= ended as planned)
*Cancellation /    中止                        the cancelled part, with the reason as amendment
contractTermination
=================  =========================  ==================================================

Mapping (DESIGN "Agency-services marketplace"): tender.value is the ceiling (最高限价, else the
budget) and planning.budget the budget; eligibilityCriteria carries 资质要求, the minimum level
and 回避要求; procurementMethod is ``direct`` for 直接选取 (the owner names the agency),
``selective`` for 随机抽取 (agencies are drawn, not compared) and ``open`` for 竞价选取 and 择优选取
(every qualified agency competes on price or merit); the method itself, the lottery's commit–reveal
rule and the sealed-quote rule are in procurementMethodDetails and awardCriteriaDetails (OCDS has
no code for a lottery). Parties use the 统一社会信用代码 as identifier (scheme ``CN-USCC``): the
buyer (the owner department) always, tenderers only once the sign-ups are closed, the supplier
once selected. The contract has no signing date of its own: dateSigned is when the signed
contract was filed (合同备案), the latest it can have been signed.

Never exported: sealed quotes (OCDS core has no bids: no quote value appears at all, only the
selected price once an award exists), who signed up before the deadline, agencies' contacts.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..models import Project, ProjectState, SelectionMethod
from ..public.queries import METHOD_NOTES, price_of, signups_public
from ..services import lottery
from ..services.selecting import BIDDING_RULE, MERIT_RULE

DEFAULT_OCID_PREFIX = "ocds-gongkai-"
USCC = "CN-USCC"
CURRENCY = "CNY"

PROCUREMENT_METHODS = {
    SelectionMethod.DIRECT: "direct",
    SelectionMethod.LOTTERY: "selective",
    SelectionMethod.BIDDING: "open",
    SelectionMethod.MERIT: "open",
}
AWARD_CRITERIA = {SelectionMethod.BIDDING: "priceOnly", SelectionMethod.MERIT: "ratedCriteria"}
SEALED_QUOTES = "报价在报名截止前密封提交（加密存储），截止前任何人（包括业主单位和运营方）都无法查看，截止后开启。"


def ocid_prefix() -> str:
    return getattr(settings, "MARKETPLACE_OCID_PREFIX", "") or DEFAULT_OCID_PREFIX


def ocid(project: Project) -> str:
    return f"{ocid_prefix()}{project.number}"


def iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    """An RFC 3339 date-time in the portal's time zone (a date is its midnight)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime.datetime):
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def value(amount: Decimal | None) -> dict | None:
    if amount is None:
        return None
    return {"amount": float(amount), "currency": CURRENCY}


def party_id(credit_code: str) -> str:
    return f"{USCC}-{credit_code}"


def _prune(data: Any) -> Any:
    """Drop empty values (None, "", [], {}) at every level: OCDS omits what is unknown."""
    if isinstance(data, dict):
        pruned = {k: _prune(v) for k, v in data.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [_prune(v) for v in data]
    return data


class ProjectReleases:
    """The releases of one project (see the module docstring)."""

    def __init__(self, project: Project, *, now: datetime.datetime | None = None) -> None:
        self.project = project
        self.now = now or timezone.now()
        self.selection = getattr(project, "selection", None)
        self.contract = getattr(project, "contract", None)
        self.closed = signups_public(project, self.now)
        # Sign-ups come prefetched (without the sealed column) by the views; read only once closed.
        self.signups = list(project.signups.all()) if self.closed else []

    # -- parts ------------------------------------------------------------------------------------

    def buyer(self) -> dict:
        owner = self.project.owner
        return {
            "id": party_id(owner.credit_code), "name": owner.name,
            "identifier": {"scheme": USCC, "id": owner.credit_code, "legalName": owner.name},
            "address": {"streetAddress": owner.address, "countryName": "中国"},
            "contactPoint": {"name": self.project.contact, "telephone": owner.phone},
            "roles": ["buyer", "procuringEntity"],
        }

    def review_body(self) -> dict:
        return {"id": "complaints", "name": "投诉受理", "roles": ["reviewBody"],
                "contactPoint": {"name": "投诉电话", "telephone": self.project.complaint_phone}}

    def agency_party(self, agency, roles: list[str]) -> dict:
        return {
            "id": party_id(agency.credit_code), "name": agency.name,
            "identifier": {"scheme": USCC, "id": agency.credit_code, "legalName": agency.name},
            "address": {"streetAddress": agency.address, "countryName": "中国"},
            "roles": roles,
        }

    def parties(self, *, awarded: bool) -> list[dict]:
        parties = [self.buyer(), self.review_body()]
        winner = self.selection.agency_id if awarded and self.selection else None
        seen = set()
        for signup in self.signups:
            roles = ["tenderer", "supplier"] if signup.agency_id == winner else ["tenderer"]
            parties.append(self.agency_party(signup.agency, roles))
            seen.add(signup.agency_id)
        if winner and winner not in seen:
            parties.append(self.agency_party(self.selection.agency, ["supplier"]))
        return parties

    def method_details(self) -> str:
        project = self.project
        text = f"{project.get_method_display()}：{METHOD_NOTES.get(project.method, '')}"
        if project.method == SelectionMethod.LOTTERY:
            text += f"算法 {lottery.ALGORITHM}：{lottery.ALGORITHM_TEXT}"
        return text

    def award_criteria_details(self) -> str:
        project = self.project
        if project.method == SelectionMethod.LOTTERY:
            return (f"随机抽取，不比较价格或质量。承诺—揭示：公告发布时公布随机值的 SHA-256 承诺值 "
                    f"{project.lottery_commitment}；选取时公开随机值，任何人可核对其 SHA-256 等于承诺值，"
                    f"并按算法 {lottery.ALGORITHM} 重算：{lottery.ALGORITHM_TEXT}")
        if project.method == SelectionMethod.BIDDING:
            commitment = (f"并列排序所用随机值的 SHA-256 承诺值 {project.lottery_commitment} 随公告发布，选取后公开随机值。"
                          if project.lottery_commitment else "")
            return f"竞价选取：{SEALED_QUOTES}{BIDDING_RULE}{commitment}"
        if project.method == SelectionMethod.MERIT:
            criteria = "；".join(f"{c.name}（{c.max_points}分）{c.description}" for c in project.criteria.all())
            return f"择优选取：由署名评分人按公布的评分项评分。{MERIT_RULE}评分项：{criteria}"
        return "直接选取：业主单位在资格审查合格的报名机构中直接选定，并书面说明理由。"

    def eligibility(self) -> str:
        project = self.project
        parts = [f"资质要求：{project.qualification_requirement}"]
        if project.required_level:
            parts.append(f"最低资质等级：{project.required_level}")
        if project.avoidance:
            parts.append(f"回避要求：{project.avoidance}")
        parts.append("报名机构须已在网上中介服务超市入驻，且在该服务类型有有效资质，未被暂停或列入黑名单。")
        return "；".join(parts)

    def tender(self, status: str, *, closed: bool, awarded: bool, amendments: list | None = None) -> dict:
        project = self.project
        tender = {
            "id": project.number, "title": project.title,
            "description": f"{project.content}\n服务时限：{project.service_period}",
            "status": status,
            "procuringEntity": {"id": party_id(project.owner.credit_code), "name": project.owner.name},
            "items": [{"id": "1", "description": project.title, "classification": {
                "scheme": "X-GONGKAI-SERVICE-CATEGORY", "id": project.category.code,
                "description": project.category.name}}],
            "value": value(project.max_price if project.max_price is not None else project.budget),
            "procurementMethod": PROCUREMENT_METHODS[project.method],
            "procurementMethodDetails": self.method_details(),
            "mainProcurementCategory": "services",
            "awardCriteria": AWARD_CRITERIA.get(project.method),
            "awardCriteriaDetails": self.award_criteria_details(),
            "submissionMethod": ["electronicSubmission"],
            "submissionMethodDetails": "在网上中介服务超市报名" + (
                "并提交密封报价" if project.method == SelectionMethod.BIDDING else ""),
            "tenderPeriod": {"startDate": iso(project.published_at), "endDate": iso(project.signup_deadline)},
            "awardPeriod": {"startDate": iso(project.selection_at),
                            "endDate": iso(self.selection.decided_at) if awarded and self.selection else None},
            "eligibilityCriteria": self.eligibility(),
            "amendments": amendments,
        }
        if closed:
            tender["numberOfTenderers"] = len(self.signups)
            tender["tenderers"] = [{"id": party_id(s.agency.credit_code), "name": s.agency.name}
                                   for s in self.signups]
        return tender

    def award(self, status: str) -> dict:
        selection, project = self.selection, self.project
        price = price_of(project.budget, project.max_price, selection.amount, selection.rate)
        details = {
            SelectionMethod.DIRECT: f"直接选取，理由：{selection.reason}",
            SelectionMethod.BIDDING: "竞价选取，中选报价："
            + (f"下浮率 {selection.rate}%" if selection.rate is not None else f"{selection.amount} 元"),
            SelectionMethod.MERIT: "择优选取，按评分总分确定。" + (selection.reason or ""),
        }
        if selection.method == SelectionMethod.LOTTERY:
            inputs = selection.inputs or {}
            candidates = ",".join(lottery.ordered([str(c["code"]) if isinstance(c, dict) else str(c)
                                                   for c in inputs.get("candidates") or []]))
            description = (f"随机抽取：随机值 {inputs.get('secret', '')}（承诺值 "
                           f"{project.lottery_commitment}），候选 {candidates}，种子 {inputs.get('seed', '')}，"
                           f"序号 {inputs.get('index', '')}，算法 {inputs.get('algorithm', lottery.ALGORITHM)}。")
        else:
            description = details.get(selection.method, "")
        return {
            "id": f"{project.number}-award", "title": f"{project.title}中选结果",
            "description": description, "status": status, "date": iso(selection.decided_at),
            "value": value(price),
            "suppliers": [{"id": party_id(selection.agency.credit_code), "name": selection.agency.name}],
        }

    def contract_data(self, status: str) -> dict:
        contract = self.contract
        return {
            "id": f"{self.project.number}-contract", "awardID": f"{self.project.number}-award",
            "title": f"{self.project.title}合同（{contract.number}）", "status": status,
            "period": {"startDate": iso(contract.starts_on), "endDate": iso(contract.ends_on)},
            "value": value(contract.amount), "dateSigned": iso(contract.uploaded_at),
        }

    # -- releases ---------------------------------------------------------------------------------

    def release(self, stage: str, tags: list[str], date, **sections) -> dict:
        project = self.project
        release = {
            "ocid": ocid(project), "id": f"{ocid(project)}-{stage}", "date": iso(date), "tag": tags,
            "initiationType": "tender", "language": "zh",
            "buyer": {"id": party_id(project.owner.credit_code), "name": project.owner.name},
            "planning": {"budget": {"description": "预算金额", "amount": value(project.budget)}},
        }
        release.update(sections)
        return _prune(release)

    def releases(self) -> list[dict]:
        project = self.project
        state = project.state
        terminated = state == ProjectState.TERMINATED
        reason = project.void_reason
        awarded = self.selection is not None
        out = [self.release("tender", ["tender"], project.published_at,
                            parties=[self.buyer(), self.review_body()],
                            tender=self.tender("active", closed=False, awarded=False))]
        if self.closed:
            void = state == ProjectState.VOID
            amendments = [{"id": "void", "date": iso(project.updated_at), "rationale": f"项目无效：{reason}"}] \
                if void else None
            out.append(self.release(
                "closed", ["tenderUpdate"], max(project.signup_deadline, project.updated_at) if void
                else project.signup_deadline, parties=self.parties(awarded=False),
                tender=self.tender("unsuccessful" if void else "active", closed=True, awarded=False,
                                   amendments=amendments)))
        if awarded:
            out.append(self.release("award", ["award"], self.selection.decided_at, parties=self.parties(awarded=True),
                                    tender=self.tender("complete", closed=self.closed, awarded=True),
                                    awards=[self.award("active")]))
        if self.contract is not None:
            out.append(self.release("contract", ["contract"], self.contract.uploaded_at,
                                    contracts=[self.contract_data("pending")]))
            if self.contract.confirmed_at:
                out.append(self.release("contract-confirmed", ["contractUpdate"], self.contract.confirmed_at,
                                        contracts=[self.contract_data("active")]))
        if state == ProjectState.COMPLETED and self.contract is not None:
            completed = getattr(project, "completed_at", None) or project.updated_at
            out.append(self.release("completed", ["implementation"], completed,
                                    contracts=[self.contract_data("terminated")]))
        if terminated:
            amendment = [{"id": "terminated", "date": iso(project.updated_at), "rationale": f"项目中止：{reason}"}]
            if self.contract is not None:
                contract = self.contract_data("terminated")
                contract["description"] = f"项目中止：{reason}"
                out.append(self.release("terminated", ["contractTermination"], project.updated_at,
                                        contracts=[contract]))
            elif awarded:
                award = self.award("cancelled")
                award["description"] = f"项目中止：{reason}"
                out.append(self.release("terminated", ["awardCancellation"], project.updated_at, awards=[award]))
            else:
                out.append(self.release("terminated", ["tenderCancellation"], project.updated_at,
                                        tender=self.tender("cancelled", closed=self.closed, awarded=False,
                                                           amendments=amendment)))
        return out


def project_releases(project: Project, *, now: datetime.datetime | None = None) -> list[dict]:
    """The OCDS releases of a published project, oldest first."""
    return ProjectReleases(project, now=now).releases()


def release_package(releases: list[dict], *, uri: str, publisher: str,
                    published: datetime.datetime | None = None) -> dict:
    """A release package (OCDS 1.1): ``publishedDate`` is the newest release's date (the package is
    made on demand, so the date of the last change to its contents)."""
    dates = [r["date"] for r in releases if r.get("date")]
    published_date = max(dates, key=lambda d: datetime.datetime.fromisoformat(d)) if dates else iso(
        published or timezone.now())
    return {
        "uri": uri, "version": "1.1", "publishedDate": published_date,
        "publisher": {"name": publisher}, "releases": releases,
    }
