"""Texts of the marketplace demo: the service catalogue, the agencies, project titles and the
words owners, scorers and the operator write. Everything here is written for the demo (云溪县
and 云岭市 are fictional); nothing is taken from real notices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The demo account of the agency area (created by ``cms.demo.accounts``): the featured agency's login.
FEATURED_USERNAME = "zjjg"


@dataclass(frozen=True)
class DemoCategory:
    code: str
    name: str
    description: str
    qualification: str  # the certificate an agency needs in this category
    levels: tuple[str, ...]  # the grades that exist ("" when the certificate has none)
    number: str  # certificate-number pattern: {grade} (first character of the level), {n}
    regulator: str  # slug of the department that supervises the trade (regulator ratings)
    staff_titles: tuple[str, ...]
    result: str  # what the agency delivers


CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory("chzh", "测绘", "地形图测绘、工程测量、不动产测绘、勘测定界和竣工测量。", "测绘资质证书",
                 ("甲级", "乙级", "丙级"), "{grade}测资字{n:08d}", "zrzyj",
                 ("注册测绘师", "测绘高级工程师", "测绘工程师", "工程测量员"), "测量成果报告及数据成果"),
    DemoCategory("jsjc", "建设工程质量检测", "房屋建筑和市政工程的材料见证取样、主体结构、地基基础和节能检测。",
                 "建设工程质量检测机构资质证书", ("综合资质", "专项资质"), "云建检字第{n:06d}号", "zjj",
                 ("检测工程师", "结构高级工程师", "检测员"), "检测报告"),
    DemoCategory("glsy", "公路水运工程质量检测", "公路工程路基路面、桥梁隧道的试验检测和荷载试验。",
                 "公路水运工程试验检测机构等级证书", ("公路工程综合甲级", "公路工程综合乙级"), "交GJC{n:05d}", "jtysj",
                 ("公路水运试验检测师", "道路与桥梁高级工程师", "试验检测员"), "检测报告"),
    DemoCategory("hpjg", "环境影响评价", "建设项目环境影响报告书（表）编制和规划环境影响评价。",
                 "环境影响评价信用平台登记", ("",), "HP{n:08d}", "sthj",
                 ("环境影响评价工程师", "环境工程高级工程师", "环评技术员"), "环境影响报告表（报批稿）"),
    DemoCategory("aqpj", "安全评价", "生产经营单位的安全预评价、验收评价和安全现状评价。", "安全评价机构资质证书",
                 ("甲级", "乙级"), "APJ-（云）-{n:04d}", "yjj",
                 ("安全评价师（一级）", "安全评价师（二级）", "注册安全工程师"), "安全评价报告"),
    DemoCategory("zcpg", "资产评估", "国有资产、集体资产和土地房地产的评估。", "资产评估机构备案",
                 ("",), "云财资备{n:05d}", "czj", ("资产评估师", "土地估价师", "房地产估价师"), "资产评估报告"),
    DemoCategory("zjzx", "工程造价咨询", "工程概预算编制、招标控制价、结算审核和全过程造价咨询。",
                 "工程造价咨询企业登记", ("甲级", "乙级"), "云造咨{n:05d}", "zjj",
                 ("一级造价工程师", "二级造价工程师", "造价员"), "造价咨询报告"),
    DemoCategory("dzpg", "地质灾害危险性评估", "建设用地地质灾害危险性评估和隐患点勘查。",
                 "地质灾害防治单位资质证书", ("甲级", "乙级", "丙级"), "云地灾评字{n:05d}", "zrzyj",
                 ("水文地质高级工程师", "地质工程师", "岩土工程师"), "地质灾害危险性评估报告"),
    DemoCategory("sbfa", "水土保持方案编制", "生产建设项目水土保持方案编制和水土保持监测。",
                 "水土保持方案编制单位水平评价证书", ("三星", "二星"), "水保方案（云）字第{n:04d}号", "slj",
                 ("水土保持高级工程师", "水利工程师", "水保技术员"), "水土保持方案报告书"),
    DemoCategory("jnpg", "节能评估", "固定资产投资项目节能报告编制和能源审计。", "节能评估机构备案",
                 ("",), "云节能备{n:04d}", "fgj", ("能源审计师", "暖通高级工程师", "电气工程师"), "节能报告"),
    DemoCategory("fwjd", "房屋安全鉴定", "既有房屋、校舍和农村住房的安全性、抗震鉴定。", "房屋安全鉴定机构备案",
                 ("",), "云房鉴备{n:04d}", "zjj", ("一级注册结构工程师", "房屋安全鉴定员", "结构工程师"),
                 "房屋安全鉴定报告"),
    DemoCategory("ghsj", "规划设计咨询", "村庄规划、详细规划编制和城乡规划设计咨询。", "城乡规划编制单位资质证书",
                 ("甲级", "乙级", "丙级"), "自资规{grade}字{n:08d}", "zrzyj",
                 ("注册城乡规划师", "规划高级工程师", "规划设计师"), "规划成果（送审稿）"),
    DemoCategory("cwsj", "财务审计", "财务收支审计、专项资金审计和绩效评价。", "会计师事务所执业证书",
                 ("",), "{n:08d}", "czj", ("注册会计师", "高级会计师", "审计员"), "审计报告"),
)
BY_CODE = {c.code: c for c in CATEGORIES}


@dataclass(frozen=True)
class DemoAgency:
    name: str
    categories: tuple[str, ...]
    city: str  # 云溪县 or 云岭市: where it is registered (region code of its credit code)
    street: str
    founded: int
    #: pending / pending_overdue / rejected; "" = approved
    review: str = ""
    #: suspended / blacklisted / lifted (a suspension lifted early after rectification)
    sanction: str = ""
    #: categories whose certificate expired (expired), runs out within 30 days (soon), or expired and
    #: a renewed one waits for review (renewing)
    expiry: dict[str, str] = field(default_factory=dict)
    #: the level of its certificates (the best grade of the category when empty)
    level: str = ""
    joined_late: bool = False  # registered about ten months ago rather than before the first project


X, L = "云溪县", "云岭市"
AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency("云溪县恒信测绘有限公司", ("chzh", "ghsj"), X, "云溪大道 208 号恒信大厦 5 楼", 2012, level="乙级"),
    DemoAgency("云岭市地信测绘院有限公司", ("chzh", "dzpg"), L, "云岭市北京路 66 号", 2003),
    DemoAgency("云岭天成勘测规划设计有限公司", ("chzh", "ghsj"), L, "云岭市金碧路 135 号", 2009, level="乙级",
               expiry={"ghsj": "soon"}),
    DemoAgency("云岭方圆测绘工程有限公司", ("chzh",), L, "云岭市滨河路 12 号", 2015, level="丙级"),
    DemoAgency("云岭坤舆测绘科技有限公司", ("chzh",), L, "云岭市科技园区创新路 8 号", 2018, level="乙级",
               joined_late=True),
    DemoAgency("云溪县鑫诚工程造价咨询有限公司", ("zjzx",), X, "兴业路 56 号", 2010, level="乙级"),
    DemoAgency("云岭市正衡工程造价咨询事务所有限公司", ("zjzx",), L, "云岭市人民中路 220 号", 2001),
    DemoAgency("云岭广信工程项目管理咨询有限公司", ("zjzx", "jnpg"), L, "云岭市环城南路 77 号", 2007,
               sanction="suspended"),
    DemoAgency("云岭市恒通工程造价咨询有限公司", ("zjzx",), L, "云岭市东风路 19 号", 2013, level="乙级",
               expiry={"zjzx": "expired"}),
    DemoAgency("云岭市建信工程咨询有限公司", ("zjzx", "jnpg"), L, "云岭市正义路 41 号", 2011, joined_late=True),
    DemoAgency("云岭市建科工程质量检测有限公司", ("jsjc", "fwjd"), L, "云岭市经开区建科路 3 号", 2005),
    DemoAgency("云溪县宏固建设工程检测有限公司", ("jsjc",), X, "建设路 118 号", 2014, level="专项资质"),
    DemoAgency("云溪县筑安建设工程质量检测有限公司", ("jsjc",), X, "通达路 90 号", 2016, level="专项资质",
               sanction="blacklisted"),
    DemoAgency("云岭市安居房屋安全鉴定中心有限公司", ("fwjd", "jsjc"), L, "云岭市拓东路 28 号", 2008),
    DemoAgency("云岭华勘岩土工程有限公司", ("dzpg", "jsjc"), L, "云岭市青年路 301 号", 2006, level="乙级"),
    DemoAgency("云岭交科公路工程试验检测有限公司", ("glsy",), L, "云岭市交通路 15 号", 2004),
    DemoAgency("云岭通衢公路桥梁检测有限公司", ("glsy",), L, "云岭市南环路 88 号", 2012, level="公路工程综合乙级"),
    DemoAgency("云岭路桥工程检测技术有限公司", ("glsy", "jsjc"), L, "云岭市迎宾路 9 号", 2010,
               level="公路工程综合乙级", expiry={"glsy": "soon"}),
    DemoAgency("云岭市青山环境科技有限公司", ("hpjg", "sbfa"), L, "云岭市翠湖西路 16 号", 2011),
    DemoAgency("云岭绿源环境工程咨询有限公司", ("hpjg",), L, "云岭市西园路 47 号", 2014),
    DemoAgency("云岭碧水生态环境咨询有限公司", ("hpjg", "sbfa"), L, "云岭市滇池路 233 号", 2017, level="二星",
               sanction="lifted"),
    DemoAgency("云岭市安泰安全技术咨询有限公司", ("aqpj",), L, "云岭市安宁路 5 号", 2009),
    DemoAgency("云岭众安安全评价有限公司", ("aqpj",), L, "云岭市五华路 112 号", 2013, level="乙级"),
    DemoAgency("云岭智远安全科技有限公司", ("aqpj",), L, "云岭市高新区海源路 61 号", 2019, level="乙级",
               expiry={"aqpj": "renewing"}),
    DemoAgency("云岭市中和资产评估有限公司", ("zcpg",), L, "云岭市东风东路 36 号", 2002),
    DemoAgency("云岭信达资产评估事务所有限公司", ("zcpg",), L, "云岭市白塔路 70 号", 2010),
    DemoAgency("云岭明德资产评估土地房地产估价有限公司", ("zcpg",), L, "云岭市书林街 22 号", 2014,
               joined_late=True),
    DemoAgency("云岭市华审会计师事务所（普通合伙）", ("cwsj", "zcpg"), L, "云岭市宝善街 18 号", 2000),
    DemoAgency("云溪公信会计师事务所有限公司", ("cwsj",), X, "人民路 75 号", 2008),
    DemoAgency("云岭德信会计师事务所有限公司", ("cwsj",), L, "云岭市崇仁街 6 号", 2012),
    DemoAgency("云岭地矿工程勘察院有限公司", ("dzpg", "chzh"), L, "云岭市盘龙路 140 号", 1998, level="乙级"),
    DemoAgency("云岭市岩土地质灾害防治咨询有限公司", ("dzpg",), L, "云岭市穿金路 52 号", 2011, level="乙级"),
    DemoAgency("云岭水利水电勘测设计有限公司", ("sbfa", "chzh"), L, "云岭市水利路 2 号", 1996, level="乙级"),
    DemoAgency("云岭润土水土保持技术服务有限公司", ("sbfa",), L, "云岭市关上路 27 号", 2016, level="二星"),
    DemoAgency("云岭市节能技术服务中心有限公司", ("jnpg",), L, "云岭市北辰大道 11 号", 2009),
    DemoAgency("云岭能效工程咨询有限公司", ("jnpg", "zjzx"), L, "云岭市广福路 99 号", 2015, level="乙级"),
    DemoAgency("云岭城乡规划设计研究院有限公司", ("ghsj",), L, "云岭市规划路 1 号", 1993),
    DemoAgency("云溪县山水规划设计有限公司", ("ghsj", "chzh"), X, "滨江路 36 号", 2017, level="丙级"),
    # Registrations the operator has not finished with:
    DemoAgency("云溪县新锐测绘服务有限公司", ("chzh",), X, "文昌路 45 号", 2023, level="丙级", review="pending"),
    DemoAgency("云岭启航工程咨询有限公司", ("zjzx",), L, "云岭市春城路 210 号", 2021, level="乙级",
               review="pending_overdue"),
    DemoAgency("云岭蓝天环保科技有限公司", ("hpjg",), L, "云岭市昌源路 58 号", 2020, review="pending"),
    DemoAgency("云岭鼎盛工程检测有限公司", ("jsjc",), L, "云岭市民航路 17 号", 2022, level="专项资质",
               review="rejected"),
)

REJECTION = ("营业执照扫描件不清晰，无法核对统一社会信用代码和经营范围；建设工程质量检测机构资质证书只上传了副本首页，"
             "请补充上传检测能力附表后重新提交。")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
GIVEN = ("建华", "志刚", "丽萍", "晓东", "海燕", "永明", "春林", "文静", "国栋", "红梅", "德胜", "玉兰", "家乐", "俊峰",
         "雪梅", "伟", "敏", "磊", "静", "勇", "琳", "涛", "艳", "军", "云", "思远", "一帆", "子健", "明轩", "雨欣",
         "建国", "秀珍", "学斌", "绍华", "立平", "金凤", "正勇", "丽娟", "宏伟", "庆华")

INTRODUCTION = ("{name}成立于{founded}年，持有{qualification}，主要从事{services}。公司现有从业人员{staff}人，"
                "其中{title}{titled}人，近三年在云岭市各县（区）完成同类项目{projects}项。")

# --- project titles ---------------------------------------------------------------------------
# "{town}" is a township (the project may be that township's own), the other fields are places.

TOWNS = (("青石镇", "qsz"), ("白沙镇", "bsz"), ("龙潭乡", "ltx"), ("桂花乡", "ghx"), ("城关街道", "cgjd"))
VILLAGES = ("青石镇沙坝村", "白沙镇河口村", "龙潭乡大坪村", "桂花乡桂香村", "龙潭乡石门村", "白沙镇新田村", "青石镇岩脚村",
            "桂花乡松林村")
ROADS = ("县道X032线青石至龙潭段", "乡道Y105线白沙至河口段", "县城滨江路东延线", "县道X018线桂花至松林段",
         "县城通达路北段", "龙潭乡至大坪村通村公路", "县城兴业路与建设路交叉口")
SCHOOLS = ("县第一中学", "县第二小学", "青石镇中心学校", "白沙镇中学", "龙潭乡中心小学", "县职业高级中学", "桂花乡九年一贯制学校")
HOSPITALS = ("县人民医院", "县中医医院", "白沙镇卫生院", "桂花乡卫生院", "县妇幼保健院")
WATERS = ("龙潭水库", "大坪水库", "云溪河城区段", "沙河白沙段", "松林小（一）型水库")
STREETS = ("文昌路", "人民路东段", "建设路", "兴安路")

#: (title pattern, owner slugs — "town" = the township named in the title)
TITLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "chzh": (("{town}集镇规划区1:500地形图测绘", ("town", "zrzyj")),
             ("{road}改扩建工程竣工测量", ("jtysj",)),
             ("{school}新建教学楼用地勘测定界", ("jyj", "zrzyj")),
             ("{water}库区淹没线复核测量", ("slj",)),
             ("县城{street}片区不动产权籍调查", ("zrzyj",)),
             ("{village}高标准农田建设项目地形测量", ("nyncj",)),
             ("{town}农村集体土地所有权确权成果更新测量", ("zrzyj", "town")),
             ("{water}河道管理范围划界测量", ("slj",))),
    "jsjc": (("{school}综合楼主体结构实体检测", ("jyj",)),
             ("{hospital}门诊楼改造工程材料见证取样检测", ("wjj",)),
             ("县城{street}老旧小区改造工程质量检测", ("zjj",)),
             ("{town}农贸市场建设工程桩基检测", ("town", "swj")),
             ("{school}学生宿舍楼节能工程检测", ("jyj",))),
    "glsy": (("{road}路基路面质量检测", ("jtysj",)),
             ("{road}桥梁荷载试验", ("jtysj",)),
             ("{town}农村公路危桥改造工程质量检测", ("jtysj", "town")),
             ("{road}安全生命防护工程交工检测", ("jtysj",))),
    "hpjg": (("{town}污水处理厂扩建工程环境影响报告表编制", ("zjj", "town")),
             ("{road}建设项目环境影响评价", ("jtysj",)),
             ("{village}生猪规模养殖场环境影响评价", ("nyncj",)),
             ("{water}综合治理工程环境影响评价", ("slj",))),
    "aqpj": (("县城燃气管网安全现状评价", ("zjj", "yjj")),
             ("{town}烟花爆竹批发仓库安全评价", ("yjj",)),
             ("县城加油站安全现状评价（第{batch}批）", ("swj", "yjj")),
             ("{town}石材加工园区安全风险评估", ("yjj", "town"))),
    "zcpg": (("{town}闲置校舍资产评估", ("jyj", "town")),
             ("县城{street}国有门面房租金评估", ("czj",)),
             ("{village}集体经营性建设用地使用权出让评估", ("zrzyj", "town")),
             ("县属国有企业改制资产清查评估（第{batch}批）", ("czj",))),
    "zjzx": (("{school}运动场改造工程预算编制", ("jyj",)),
             ("{road}改扩建工程结算审核", ("jtysj",)),
             ("{town}人居环境整治项目全过程造价咨询", ("town", "zjj")),
             ("{hospital}住院楼工程竣工结算审核", ("wjj",)),
             ("{water}除险加固工程招标控制价编制", ("slj",)),
             ("县级政府投资项目结算评审（第{batch}批）", ("czj",))),
    "dzpg": (("{school}新建工程地质灾害危险性评估", ("jyj",)),
             ("{road}建设用地地质灾害危险性评估", ("jtysj", "zrzyj")),
             ("{village}易地搬迁安置点地质灾害危险性评估", ("zrzyj", "town"))),
    "sbfa": (("{road}水土保持方案编制", ("jtysj",)),
             ("{water}除险加固工程水土保持方案编制", ("slj",)),
             ("{town}产业园区水土保持监测", ("town", "slj"))),
    "jnpg": (("{hospital}综合楼建设项目节能报告编制", ("wjj", "fgj")),
             ("{school}新校区建设项目节能评估", ("jyj", "fgj")),
             ("县城集中供水提升工程节能评估", ("fgj",))),
    "fwjd": (("{school}校舍安全鉴定", ("jyj",)),
             ("{town}农村危房鉴定（第{batch}批）", ("zjj", "town")),
             ("{hospital}老门诊楼房屋安全鉴定", ("wjj",)),
             ("县城{street}老旧住宅安全鉴定", ("zjj",))),
    "ghsj": (("{village}村庄规划编制", ("zrzyj", "town")),
             ("{town}集镇控制性详细规划修编咨询", ("zrzyj", "town")),
             ("{village}乡村旅游示范点规划设计", ("wglj", "town"))),
    "cwsj": (("{town}财务收支审计", ("sjj", "town")),
             ("县级衔接推进乡村振兴补助资金绩效评价（第{batch}批）", ("czj",)),
             ("{village}集体经济组织财务审计", ("nyncj",)),
             ("{hospital}年度财务报表审计", ("wjj",)),
             ("县本级社会保险基金专项审计", ("rsj", "ybj"))),
}

CONTENT = ("按照{requirement}开展{what}，提交{result}一式五份及电子版，并配合业主单位完成成果验收和相关部门审查；"
           "服务期间接受业主单位和行业主管部门的监督检查。")
SERVICE_PERIODS = ("合同签订后 20 个日历日内提交成果", "合同签订后 30 个日历日内提交成果", "合同签订后 45 个日历日内提交成果",
                   "合同签订后 60 个日历日内完成全部服务", "合同签订后 90 个日历日内完成全部服务")
AVOIDANCE = ("与本项目业主单位存在隶属关系或其他利害关系的机构不得报名；法定代表人为同一人的两家及以上机构，"
             "不得同时报名本项目。")
COMPLAINT_PHONE = "0870-5129012"

# --- what people write -------------------------------------------------------------------------

DIRECT_REASONS = (
    "该机构承担过本单位同类项目，熟悉项目现场和既有资料，报价在最高限价以内，能够满足工期紧的要求。",
    "项目涉及应急处置，须在 7 日内提交成果；该机构驻县城有固定技术人员，响应时间最短。",
    "该机构报价最低，且近一年在本县同类项目中业主评价均在 4.5 星以上。",
    "该机构投入的项目负责人具有注册执业资格，并承诺全程驻场服务。",
)
CRITERIA = (
    (("技术方案", "50", "方案完整、措施针对性强、重难点分析到位"), ("项目团队与业绩", "35", "主要人员的执业资格和近三年同类项目业绩"),
     ("服务承诺", "15", "工期、驻场和质量保证承诺")),
    (("实施方案", "45", "工作内容、技术路线和进度安排"), ("人员配备", "30", "专业人员数量和执业资格"),
     ("质量保证措施", "25", "质量控制流程和成果审核制度")),
)
SCORER_ROLES = ("业主代表", "专家", "专家")
TERMINATIONS = {
    "signup": ("项目建设计划调整，本年度暂不实施，业主单位撤回项目。", "上级资金下达计划变更，项目暂缓实施。"),
    "selected": ("中选机构未按公告要求在 10 日内签订合同，业主单位决定中止本项目，另行选取。",),
    "service": ("服务期间项目用地范围调整，剩余服务内容不再实施，双方协商解除合同并按已完成工作量结算。",),
}
EVALUATION_COMMENTS = {
    5: ("成果质量好，提前完成，现场人员专业负责。", "服务规范，沟通及时，成果一次通过审查。",
        "响应迅速，节假日期间仍安排人员到场，成果完整。"),
    4: ("按期提交成果，整体质量较好，个别数据经提醒后补正。", "服务态度好，成果基本满足要求，文本格式还可改进。",
        "成果质量符合要求，收费合理。"),
    3: ("成果经两次修改才通过审查，工期有所延误。", "现场人员更换频繁，沟通效率一般。"),
    2: ("成果提交超期 15 天，多次返工，经催告后才补齐资料。",),
}
REGULATOR_NOTE = "{year}年度{category}行业“双随机、一公开”监督检查"
CENTRE_NOTE = "{year}年度中介超市服务质量考核"
#: kind, level, reason, first and last day (days from today)
SANCTIONS = {
    "suspended": ("suspension", "较重", "在项目报名时提交的同类业绩合同与实际不符，经核实属实。暂停入驻期间不得报名。", -25, 65),
    "blacklisted": ("blacklist", "严重", "在两个检测项目中未到现场取样即出具检测报告，经行业主管部门查实并作出行政处罚，"
                                       "依据中介超市管理办法列入黑名单。", -120, 975),
    "lifted": ("suspension", "一般", "中选后无正当理由拖延签订合同超过 20 日。", -220, 30),
}
#: the early lifting of the "lifted" suspension (days from today), after the agency put things right
LIFTED_ON = -160
LIFT_REASON = "机构已书面说明情况并完成整改，签订合同后按期提交成果，经服务中心审核同意提前解除。"
OBJECTION = "本公司报价与中选机构报价相差不足 1%，对报价开启时间记录和排序结果有疑问，请求复核。"
OBJECTION_ANSWER = ("经复核，本项目报价在报名截止时统一开启，各机构报价和报价时间记录完整，排序符合竞价选取规则，"
                    "维持原中选结果。")
OPEN_OBJECTION = "中选机构拟派项目负责人同时在另一项目任职，是否满足本项目驻场要求，请业主单位核实。"
COMPLAINT = "该公司在“{title}”中未到现场取样即出具检测报告，请予以查处。"
COMPLAINT_GENERAL = "该公司在本县建设工程检测项目中未到现场取样即出具检测报告，请予以查处。"
COMPLAINT_ANSWER = ("经会同县住房和城乡建设局调查，投诉反映情况属实，已将该机构列入黑名单，相关检测报告作废并由业主单位"
                    "重新委托检测。感谢您的监督。")
