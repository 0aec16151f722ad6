"""Demo service guides: one complete, published guide per matter of ``catalogue``.

Texts are assembled from the matter's kind and audience (our own writing); codes follow the
national pattern (基本编码 12 digits; 实施编码 = the organ's credit code + 事项类别 + 基本编码)
but are made up.  A folder that already has guides is left alone.
"""

from __future__ import annotations

from django.db import transaction

from cms.departments.models import Department, DepartmentKind
from cms.guides.models import GuideFolderPage, GuideMaterial, ServiceGuidePage, ServiceTheme
from cms.guides.setup import ensure_guide_folder

from ..departments import BY_SLUG, OFFICE_HOURS
from .catalogue import Matter, matters_of

PORTAL_URL = "https://zwfw.yunxi.example"
COMPLAINT = "12345政务服务便民热线；县政务服务中心投诉电话 0870-5129000"
_KIND_DIGIT = {"licensing": "1", "payment": "2", "confirmation": "3", "levy": "4", "reward": "5",
               "adjudication": "6", "other_power": "7", "public_service": "9"}
_LIMITS = {"licensing": (20, 8), "payment": (20, 10), "confirmation": (15, 5), "levy": (15, 5),
           "reward": (30, 20), "adjudication": (45, 30), "other_power": (15, 5), "public_service": (10, 3)}


def _applicant(matter: Matter) -> str:
    return {"person": "申请人", "legal": "申请单位", "both": "申请人（单位）"}[matter.audience]


def _conditions(matter: Matter, basis: str) -> str:
    who = _applicant(matter)
    if matter.kind == "licensing":
        lines = [f"{who}依法设立或具有完全民事行为能力；",
                 f"具备与“{matter.name}”相适应的场所、设施设备和专业人员；",
                 "有健全的管理制度和安全保障措施；", f"符合{basis}规定的其他条件。"]
    elif matter.kind in ("payment", "reward"):
        lines = [f"{who}为本县户籍居民或在本县依法登记的单位；", "符合相关政策规定的对象范围和标准；",
                 "未重复享受同类待遇。"]
    else:
        lines = [f"{who}提交的材料齐全、符合法定形式；", f"事项属于本机关职责范围，依据{basis}办理。"]
    return "".join(f"<p>{n}. {text}</p>" for n, text in enumerate(lines, start=1))


def _process(matter: Matter, window: str, limit: int) -> str:
    channel = "登录政务服务网在线申报或到" if matter.online else "到"
    steps = [
        f"申请：{channel}{window}提交申请材料。",
        "受理：窗口工作人员当场核对材料，材料齐全的当场受理，不齐全的一次性告知需补正的内容。",
        "审查：承办机构对申请材料进行审查，需要现场核查的，由两名以上工作人员实施。",
        f"决定：自受理之日起{limit}个工作日内作出决定，不予办理的书面说明理由。",
        "送达：办理结果可窗口领取或免费邮寄送达。",
    ]
    return "".join(f"<p>{n}. {text}</p>" for n, text in enumerate(steps, start=1))


def _materials(matter: Matter) -> list[GuideMaterial]:
    items = [GuideMaterial(name=f"{matter.name}申请表", necessity="required", form="either", copies=1,
                           source="applicant", note="可在窗口领取或在政务服务网下载填写")]
    if matter.audience in ("person", "both"):
        items.append(GuideMaterial(name="申请人居民身份证", necessity="required", form="either", copies=1,
                                   source="government", source_note="公安机关核发"))
    if matter.audience in ("legal", "both"):
        items.append(GuideMaterial(name="营业执照或统一社会信用代码证书", necessity="required", form="electronic",
                                   copies=1, source="government", source_note="可通过电子证照库调取，免予提交"))
        items.append(GuideMaterial(name="法定代表人身份证明及授权委托书", necessity="required", form="paper",
                                   copies=1, source="applicant"))
    if matter.kind == "licensing":
        items.append(GuideMaterial(name="经营或服务场所使用权证明", necessity="required", form="either", copies=1,
                                   source="applicant"))
        items.append(GuideMaterial(name="主要负责人和专业人员资格证明", necessity="deferrable", form="either",
                                   copies=1, source="agency", note="可先行受理，5个工作日内补交"))
    elif matter.kind in ("payment", "reward"):
        items.append(GuideMaterial(name="户口簿或居住证明", necessity="required", form="either", copies=1,
                                   source="government"))
        items.append(GuideMaterial(name="本人银行账户信息", necessity="required", form="paper", copies=1,
                                   source="applicant"))
    else:
        items.append(GuideMaterial(name="其他相关证明材料", necessity="optional", form="either", copies=1,
                                   source="other", note="根据具体情形提供"))
    return items


def _faq(matter: Matter, phone: str) -> list[tuple[str, dict]]:
    faq = [
        ("faq", {"question": "可以委托他人代为办理吗？",
                 "answer": "可以。受托人需携带授权委托书和本人居民身份证原件。"}),
        ("faq", {"question": "怎样查询办理进度？",
                 "answer": f"可凭受理回执在政务服务网查询，或拨打{phone}咨询。"}),
    ]
    if matter.charged:
        faq.append(("faq", {"question": "收费可以线上缴纳吗？", "answer": "可以通过非税收入缴款码扫码缴纳。"}))
    return faq


def _guide(matter: Matter, number: int, department: Department, basis: str) -> ServiceGuidePage:
    demo = BY_SLUG.get(department.slug)
    township = department.kind != DepartmentKind.DEPARTMENT
    window = (f"{department.short_name}便民服务中心" if township
              else f"县政务服务中心{number % 3 + 1}楼{department.short_name}窗口")
    phone = demo.phone if demo else department.phone or "0870-5129000"
    legal, promised = _LIMITS[matter.kind]
    basic = f"{(department.pk * 37 + number) % 1000:03d}{number:03d}{_KIND_DIGIT[matter.kind]}00000"
    code = f"{department.credit_code}{_KIND_DIGIT[matter.kind]}{basic}"
    return ServiceGuidePage(
        title=matter.name, slug=f"g{number:03d}", basic_code=basic, implementation_code=code,
        matter_type=matter.kind, audience=matter.audience, legal_basis=f"{basis}及相关配套规定。",
        conditions=_conditions(matter, basis), process=_process(matter, window, promised),
        legal_time_limit=legal, promised_time_limit=promised, is_charged=matter.charged,
        fee_standard="按照国家和省规定的收费标准收取，收费项目和标准在办事窗口公示。" if matter.charged else "",
        location=(demo.address if township and demo else f"云溪县政通路8号县政务服务中心，{window}"),
        office_hours=OFFICE_HOURS, consultation=f"窗口咨询，或拨打{phone}", complaint=COMPLAINT,
        visits=0 if matter.online and matter.kind in ("public_service", "payment") else 1,
        is_online=matter.online, online_url=f"{PORTAL_URL}/item/{code}" if matter.online else "",
        faq=_faq(matter, phone), live=False,
    )


def _themes(matter: Matter) -> list[ServiceTheme]:
    audiences = {"person": ["person"], "legal": ["legal"], "both": ["person", "legal"]}[matter.audience]
    return list(ServiceTheme.objects.filter(name=matter.theme, audience__in=audiences))


def build_guides(user=None) -> int:
    """Publish the catalogue's guides into each organ's folder that has none yet; returns the count."""
    created = 0
    for department in Department.objects.order_by("order", "pk"):
        basis, matters = matters_of(department.slug)
        if not matters:
            continue
        folder = GuideFolderPage.objects.filter(department=department).first() or ensure_guide_folder(department)
        if folder is None or folder.get_children().exists():
            continue
        with transaction.atomic():
            for number, matter in enumerate(matters, start=1):
                guide = _guide(matter, number, department, basis)
                for material in _materials(matter):
                    guide.materials.add(material)
                guide.themes = _themes(matter)
                folder.add_child(instance=guide)
                guide.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
                created += 1
    return created
