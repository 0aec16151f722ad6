"""The demo county's departments and townships (云溪县, a fictional county).

Every organ gets a valid 18-character 统一社会信用代码 (GB 32100-2015): ``11`` (机关) + the
county's region code + a 9-character organization code (GB 11714, with its own check
character) + the check character of the whole code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cms.departments.credit_code import check_character
from cms.departments.models import Department, DepartmentKind
from cms.departments.provisioning import provision_department

COUNTY = "云溪县"
REGION_CODE = "539901"  # fictional: no prefecture 99 exists in province 53
OFFICE_HOURS = "工作日 上午8:30—12:00，下午14:30—18:00（法定节假日除外）"

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organization_code(body: str) -> str:
    """The 9-character 组织机构代码 for an 8-character body (GB 11714 check character)."""
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code_for(serial: int) -> str:
    """The demo 统一社会信用代码 of the organ with ``serial`` (a distinct number per organ)."""
    body = f"{11530000 + serial * 173:08d}"  # deterministic, distinct organization-code bodies
    first_17 = "11" + REGION_CODE + organization_code(body)
    return first_17 + check_character(first_17)


@dataclass(frozen=True)
class DemoDepartment:
    """One organ of the demo county and what its documents look like."""

    slug: str
    name: str
    short_name: str
    doc_prefix: str  # 发文机关代字, e.g. 云教发 → 云教发〔2026〕12号
    topic: str  # default 主题分类
    address: str
    phone: str
    kind: str = DepartmentKind.DEPARTMENT

    @property
    def serial(self) -> int:
        return DEPARTMENTS.index(self) + 1

    @property
    def credit_code(self) -> str:
        return credit_code_for(self.serial)

    @property
    def is_township(self) -> bool:
        return self.kind != DepartmentKind.DEPARTMENT

    @property
    def unit(self) -> str:
        """镇, 乡 or 街道 for townships and the subdistrict, 县 for county organs."""
        if self.kind == DepartmentKind.SUBDISTRICT:
            return "街道"
        return self.short_name[-1] if self.is_township else "县"

    @property
    def speaker(self) -> str:
        """How news items name the organ: 县教育局, 青石镇."""
        return self.short_name if self.is_township else "县" + self.short_name.removeprefix("县")


def _d(slug, name, short, prefix, topic, street, phone, kind=DepartmentKind.DEPARTMENT) -> DemoDepartment:
    return DemoDepartment(slug, name, short, prefix, topic, f"{COUNTY}{street}", f"0870-{phone}", kind)


T, S = DepartmentKind.TOWNSHIP, DepartmentKind.SUBDISTRICT
DEPARTMENTS: list[DemoDepartment] = [
    _d("xzfb", "云溪县人民政府办公室", "县政府办", "云政办发", "综合政务", "云溪大道1号县行政中心主楼", "5121001"),
    _d("fgj", "云溪县发展和改革局", "发展改革局", "云发改发", "国民经济管理、国有资产监管",
       "云溪大道1号县行政中心2号楼", "5121106"),
    _d("jyj", "云溪县教育局", "教育局", "云教发", "科技、教育", "文昌路18号", "5122318"),
    _d("gaj", "云溪县公安局", "公安局", "云公发", "公安、安全、司法", "兴安路66号", "5123110"),
    _d("mzj", "云溪县民政局", "民政局", "云民发", "民政、扶贫、救灾", "人民路32号", "5121520"),
    _d("sfj", "云溪县司法局", "司法局", "云司发", "公安、安全、司法", "兴安路12号", "5121348"),
    _d("czj", "云溪县财政局", "财政局", "云财发", "财政、金融、审计", "云溪大道1号县行政中心3号楼", "5121236"),
    _d("rsj", "云溪县人力资源和社会保障局", "人社局", "云人社发", "劳动、人事、监察", "建设路45号", "5124412"),
    _d("zrzyj", "云溪县自然资源局", "自然资源局", "云自然资发", "国土资源、能源", "滨江路88号", "5125036"),
    _d("sthj", "云岭市生态环境局云溪分局", "生态环境分局", "云环发", "城乡建设、环境保护", "滨江路90号", "5125172"),
    _d("zjj", "云溪县住房和城乡建设局", "住建局", "云建发", "城乡建设、环境保护", "建设路21号", "5122605"),
    _d("jtysj", "云溪县交通运输局", "交通运输局", "云交发", "工业、交通", "通达路5号", "5126230"),
    _d("slj", "云溪县水利局", "水利局", "云水发", "农业、林业、水利", "滨江路102号", "5126618"),
    _d("nyncj", "云溪县农业农村局", "农业农村局", "云农发", "农业、林业、水利", "兴农路9号", "5123906"),
    _d("swj", "云溪县商务局", "商务局", "云商发", "商贸、海关、旅游", "兴业路16号", "5124027"),
    _d("wglj", "云溪县文化广电和旅游局", "文广旅局", "云文旅发", "文化、广电、新闻出版", "文昌路6号", "5122877"),
    _d("wjj", "云溪县卫生健康局", "卫生健康局", "云卫健发", "卫生、体育", "康宁路3号", "5127120"),
    _d("yjj", "云溪县应急管理局", "应急管理局", "云应急发", "市场监管、安全生产监管", "通达路27号", "5128110"),
    _d("sjj", "云溪县审计局", "审计局", "云审计发", "财政、金融、审计", "云溪大道1号县行政中心3号楼", "5121482"),
    _d("scjgj", "云溪县市场监督管理局", "市场监管局", "云市监发", "市场监管、安全生产监管", "兴业路30号", "5123315"),
    _d("ybj", "云溪县医疗保障局", "医保局", "云医保发", "卫生、体育", "康宁路15号", "5127361"),
    _d("xzspj", "云溪县行政审批服务局", "行政审批局", "云审批发", "综合政务", "政通路8号县政务服务中心", "5129000"),
    _d("qsz", "云溪县青石镇人民政府", "青石镇", "青政发", "综合政务", "青石镇青石街1号", "5311002", T),
    _d("bsz", "云溪县白沙镇人民政府", "白沙镇", "白政发", "综合政务", "白沙镇沙河路3号", "5322016", T),
    _d("ltx", "云溪县龙潭乡人民政府", "龙潭乡", "龙政发", "综合政务", "龙潭乡龙潭村", "5333120", T),
    _d("ghx", "云溪县桂花乡人民政府", "桂花乡", "桂政发", "综合政务", "桂花乡集镇桂香路2号", "5344008", T),
    _d("cgjd", "云溪县城关街道办事处", "城关街道", "城街发", "综合政务", "人民路100号", "5120910", S),
]
BY_SLUG = {d.slug: d for d in DEPARTMENTS}


def describe(demo: DemoDepartment, duties: list[str]) -> str:
    """The 机构简介 of an organ's disclosure page."""
    work = "、".join(duties[:4])
    if demo.slug == "xzfb":
        role = f"是{COUNTY}人民政府的工作机构，协助县政府领导同志处理县政府日常工作，负责全县政务公开工作的组织推进，"
    elif demo.slug == "sthj":
        role = "是云岭市生态环境局的派出机构，负责云溪县行政区域内的生态环境保护工作，"
    elif demo.kind == DepartmentKind.SUBDISTRICT:
        role = f"是{COUNTY}人民政府的派出机关，负责辖区社区建设和城市管理服务，"
    elif demo.is_township:
        role = f"是{demo.short_name}的基层国家行政机关，负责本{demo.unit}经济社会发展和公共服务，"
    else:
        role = f"是{COUNTY}人民政府工作部门，"
    return f"<p>{demo.name}{role}主要承担{work}等工作。办公地址：{demo.address}；联系电话：{demo.phone}。</p>"


@transaction.atomic
def ensure_departments(progress=print) -> list[Department]:
    """Create the demo organs that are missing and provision them; keep the existing ones."""
    existing = {d.slug: d for d in Department.objects.filter(slug__in=BY_SLUG)}
    result = []
    for order, demo in enumerate(DEPARTMENTS, start=1):
        department = existing.get(demo.slug)
        if department is None:
            department = Department(
                slug=demo.slug, name=demo.name, short_name=demo.short_name, kind=demo.kind,
                credit_code=demo.credit_code, address=demo.address, phone=demo.phone,
                office_hours=OFFICE_HOURS, order=order * 10,
            )
            department.full_clean()
            department.save()
            progress(f"  部门：{demo.name}（{demo.credit_code}）")
        else:  # an organ set up by hand keeps its data; only blank contact fields are filled in
            blank = {f: v for f, v in (("address", demo.address), ("phone", demo.phone),
                                        ("office_hours", OFFICE_HOURS)) if not getattr(department, f)}
            if blank:
                Department.objects.filter(pk=department.pk).update(**blank)
                for field, value in blank.items():
                    setattr(department, field, value)
        if department.contributors_id is None or not hasattr(department, "disclosure_page"):
            provision_department(department)
        result.append(department)
    return result
