"""Synthetic corpus and queries of the search benchmark (``scripts/bench_search``).

Deterministic for a seed: ``build(docs, queries, seed)`` returns documents of plausible county
government text (articles, policies, interpretations, service guides, procurement notices)
and queries whose relevant documents are known.  Every query targets a marker planted in
1–10 documents only; the background text never uses a marker, and after generation every
query's relevant set is checked by scanning the whole corpus (a query whose relevant set is
not exactly the planted documents is dropped and a spare takes its place).

Query kinds: ``substring`` (part of a planted word across a word boundary: 化学品许可 in
危险化学品许可证核发), ``phrase`` (a quoted 3–6 character slice of a planted project name),
``pinyin`` (full spelling and initials of a planted title word: tushuguan / tsg), ``typo``
(a planted title word with one character replaced by a homophone: 图书管), ``synonym`` (a
colloquial term whose formal synonym is planted: 养狗证 → 犬只登记证; the synonym groups are
returned for the benchmark to create).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from dataclasses import dataclass, field

KINDS = ("substring", "phrase", "pinyin", "typo", "synonym")
TYPES = ("article", "policy", "interpretation", "guide", "procurement")
TYPE_WEIGHTS = (34, 26, 8, 20, 12)
GROUP_OF = {"article": "政府信息", "policy": "政府信息", "interpretation": "政府信息", "guide": "办事服务",
            "procurement": "采购公告"}
COUNTY = "云溪县"

# --- background vocabulary ------------------------------------------------------------------

DEPARTMENTS = [
    ("教育局", "教"), ("交通运输局", "交"), ("市场监督管理局", "市监"), ("人力资源和社会保障局", "人社"),
    ("自然资源局", "自然"), ("住房和城乡建设局", "建"), ("卫生健康局", "卫"), ("民政局", "民"), ("农业农村局", "农"),
    ("生态环境分局", "环"), ("财政局", "财"), ("公安局", "公"), ("发展和改革局", "发改"), ("水务局", "水"),
    ("商务局", "商"), ("应急管理局", "应急"), ("文化和旅游局", "文旅"), ("医疗保障局", "医保"), ("司法局", "司"),
    ("统计局", "统"), ("林业和草原局", "林草"), ("审计局", "审"), ("退役军人事务局", "退役"),
    ("政务服务管理局", "政服"), ("人民政府办公室", "政办"),
]
TOWNS = ["城关镇", "青山镇", "白石乡", "溪口镇", "东岭乡", "南屏镇", "龙泉乡", "石门镇", "新华乡", "马街镇",
         "清水乡", "金竹镇"]
TOPICS = [
    "农村人居环境整治", "义务教育优质均衡发展", "安全生产大排查大整治", "城乡居民医疗保险参保缴费", "高标准农田建设",
    "河湖长制", "森林草原防灭火", "优化营商环境", "城镇老旧小区改造", "重点群体就业帮扶", "防汛抗旱", "食品安全抽检监测",
    "耕地保护", "秋冬季传染病防控", "巩固拓展脱贫攻坚成果", "政府信息公开", "预算绩效管理", "数字政府建设",
    "生活垃圾分类", "公共文化服务", "农村集体产权制度改革", "生态环境保护督察整改", "农村自建房安全隐患排查",
    "道路交通安全", "校园安全", "减税降费政策落实", "科技创新", "招商引资", "乡村振兴", "新型城镇化", "全民健身",
    "爱国卫生运动", "公共法律服务", "信访工作", "平安建设", "应急管理能力提升", "水资源管理", "大气污染防治",
    "林长制", "粮食收购", "特色产业发展", "村级集体经济发展", "劳动保障监察", "根治欠薪", "民营经济发展",
    "统计数据质量", "审计发现问题整改", "政务服务标准化", "一网通办", "营商环境评价",
]
MATTERS = [
    "营业执照变更登记", "不动产登记", "社会保障卡申领", "跨省通办", "告知承诺制审批", "居住证办理", "个体工商户注册",
    "住房公积金提取", "城乡居民养老保险参保登记", "就业登记", "生育登记", "新生儿落户", "异地就医备案", "企业开办",
    "工程建设项目审批", "食品经营许可", "建筑工程施工许可", "发票申领", "教师资格认定", "中小学生学籍转接",
    "农村建房审批", "林木采伐许可", "排水许可", "退役军人优待证申领", "职称评审申报", "医师执业注册",
    "道路货物运输经营许可", "公共场所控烟投诉", "政府信息公开申请", "婴幼儿照护服务备案",
]
PROJECTS = [
    "办公设备", "校舍维修改造工程", "农村公路养护工程", "医疗设备", "城区绿化养护服务", "机关物业管理服务",
    "政务信息化平台运维服务", "防汛物资储备", "森林防火物资", "机关食堂食材配送服务", "印刷服务", "法律顾问服务",
    "财务审计服务", "安防监控系统升级改造", "会议服务", "公务用车租赁服务", "教学仪器设备", "图书资料",
    "农村供水管网改造", "城区照明设施维护", "城乡环卫清扫保洁服务", "疫情防控物资",
]
TITLES = {
    "article": ["关于做好{t}工作的通知", "{d}召开{t}工作推进会", "{w}扎实推进{t}", "关于开展{t}专项检查的通知",
                "{y}年{t}工作总结", "{d}部署{t}重点任务", "{w}多措并举抓好{t}"],
    "policy": ["关于印发《{c}{t}实施方案》的通知", "关于印发《{t}管理办法》的通知", "关于进一步加强{t}的实施意见",
               "{c}{t}三年行动计划（{y}—{y2}年）", "关于调整{t}有关事项的通知"],
    "interpretation": ["《{c}{t}实施方案》政策解读", "一图读懂{t}", "{t}有关问题解答", "《{t}管理办法》解读"],
    "guide": ["{m}办事指南", "{m}服务指南", "{m}一次性告知单", "{m}办理流程"],
    "procurement": ["{c}{p}采购公告", "{p}公开招标公告", "{p}中标（成交）结果公告", "{p}竞争性磋商公告"],
}
GENERIC = [
    "为深入贯彻落实上级决策部署，结合{c}实际，现就{t}有关事项通知如下。",
    "各乡镇人民政府、县直各有关单位要提高思想认识，把{t}摆在突出位置，主要负责同志亲自研究部署。",
    "{d}牵头建立工作专班，实行周调度、月通报制度，及时协调解决工作推进中的困难和问题。",
    "{w}结合辖区实际，细化工作清单，明确时间节点和责任人，确保各项任务落地见效。",
    "要坚持问题导向，对排查发现的隐患问题建立台账，实行销号管理，整改一项、销号一项。",
    "截至{y}年{mo}月底，全县累计投入资金{a}万元，惠及群众{n}人次。",
    "各单位要加强信息报送，于每月{dd}日前将工作进展情况报送{d}。",
    "联系电话：{tel}。",
    "要加强政策宣传解读，通过政府网站、政务新媒体等渠道及时回应群众关切。",
    "对工作不力、推诿扯皮造成不良影响的，将依规依纪严肃追究有关人员责任。",
    "本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准。",
    "会议指出，{t}事关群众切身利益，必须坚持高标准、严要求，持续用力、久久为功。",
    "会议要求，各级各部门要强化协同配合，形成上下联动、齐抓共管的工作格局。",
    "下一步，{d}将继续聚焦薄弱环节，完善长效机制，推动{t}取得新成效。",
    "{y}年以来，{w}累计开展督导检查{k}次，发现并整改问题{k2}个。",
    "请各单位认真组织实施，执行中遇到的问题请及时向{d}反映。",
]
SPECIFIC = {
    "article": [
        "{mo}月{dd}日，{d}组织召开专题会议，传达学习上级有关文件精神，研究部署下一阶段重点工作。",
        "活动现场，工作人员通过发放宣传资料、设置咨询台等方式，向过往群众讲解相关政策。",
        "此次检查共抽查企业和单位{k}家，现场督促整改问题{k2}个。",
        "{w}党委主要负责同志带队深入村组一线，实地了解{t}推进情况。",
    ],
    "policy": [
        "到{y2}年，基本建立制度完备、运行高效的{t}工作体系，主要指标达到全市平均水平。",
        "各地要加大财政投入力度，统筹使用上级补助资金和本级预算资金，保障工作经费。",
        "建立健全考核评价机制，将{t}纳入乡镇和部门年度目标管理考核。",
        "本方案由{d}负责解释，自{y}年{mo}月{dd}日起施行，有效期五年。",
        "（一）明确工作目标。坚持统筹兼顾、分类施策，力争用三年时间实现{t}整体水平明显提升。",
        "（二）突出重点任务。聚焦群众反映强烈的突出问题，集中力量攻坚，做到底数清、情况明。",
    ],
    "interpretation": [
        "一、出台背景。为进一步规范{t}工作，{d}在深入调研、广泛征求意见的基础上起草了本文件。",
        "二、主要内容。文件共分五个部分，明确了工作目标、重点任务、职责分工和保障措施。",
        "三、适用范围。本文件适用于本县行政区域内的{t}相关工作。",
        "四、解读机关及联系方式：{d}，联系电话{tel}。",
        "问：文件出台后，群众可以享受哪些便利？答：办理材料进一步精简，办理时间明显缩短。",
    ],
}
OWN = {
    "guide": [
        "办理依据：相关法律法规及上级主管部门规范性文件。",
        "申请材料：申请表一份、申请人有效身份证件，委托他人办理的还需提交授权委托书。",
        "办理时限：承诺时限{k}个工作日，符合条件的当场办结。",
        "收费标准：不收费。办理地点：{c}政务服务中心{k2}号窗口。",
        "办理流程：申请、受理、审查、决定、送达，申请人可通过网上办事平台在线提交。",
        "咨询电话：{tel}；监督电话：{tel2}。",
        "受理条件：申请人提交的材料齐全、符合法定形式。",
        "办理对象：在本县行政区域内符合条件的自然人、法人或其他组织。",
        "办理结果：出具相关证件或书面决定，可选择窗口领取或邮寄送达。",
        "网上办理：登录省政务服务网，搜索“{m}”，按提示填写信息并上传材料。",
        "窗口办理时间：工作日上午九时至十二时，下午十四时至十七时，法定节假日除外。",
        "温馨提示：申请人应对所提交材料的真实性负责，提供虚假材料的将依法承担相应责任。",
        "特殊情形：需要现场核查的，核查时间不计入办理时限。",
    ],
    "procurement": [
        "项目编号：YXCG-{y}-{n}。采购方式：公开招标。预算金额：{a}万元。",
        "供应商资格要求：具有独立承担民事责任的能力，具有良好的商业信誉和健全的财务会计制度。",
        "获取采购文件时间：{y}年{mo}月{dd}日至{y}年{mo}月{dd2}日，每天上午九时至十二时。",
        "响应文件提交截止时间及开标时间：{y}年{mo}月{dd2}日上午十时，地点为{c}公共资源交易中心。",
        "采购人信息：{d}，联系电话：{tel}。",
        "采购需求：详见采购文件，供应商应对全部内容进行响应。",
        "本项目不接受联合体参与，不允许转包和违法分包。",
        "本项目专门面向中小企业采购，落实政府采购支持中小企业发展的相关政策。",
        "中标（成交）供应商：{c}{co}有限公司，中标金额{a}万元。",
        "公告期限：自本公告发布之日起五个工作日。",
        "供应商对本公告内容有异议的，可在公告期限届满之日起七个工作日内以书面形式提出质疑。",
        "采购代理机构：{c}金桥招标代理有限公司，项目联系人：张工，联系电话：{tel2}。",
    ],
}
COMPANIES = ["宏远建设工程", "鑫泰商贸", "博达信息技术", "华信科技", "永昌物业管理", "德润环境工程", "恒通交通工程",
             "利民农业开发", "安泰消防技术", "金桥咨询"]

# --- markers (never in the background text) ---------------------------------------------------

#: substring: an object and a procedure; the query is the object's tail and the procedure's head.
SUBSTRING_OBJECTS = [
    "危险化学品", "烟花爆竹", "特种设备", "压力容器", "户外广告设施", "民办学校", "校外培训机构", "托育机构",
    "医疗机构", "放射诊疗", "消毒产品", "食品小作坊", "药品零售企业", "医疗器械", "计量器具", "检验检测机构",
    "二手车交易市场", "成品油零售", "酒类经营", "非煤矿山", "人防工程", "防雷装置", "地名标志", "门牌号码",
    "社会团体", "慈善组织", "司法鉴定机构", "律师事务所", "劳务派遣单位", "建筑业企业", "房地产开发企业",
    "物业服务企业", "燃气经营企业", "驾驶员培训机构", "港口经营", "水路运输", "农作物种子", "兽药经营",
    "饲料生产", "生猪定点屠宰", "动物诊疗机构", "渔业捕捞", "河道采砂", "排污单位", "固体废物处置",
    "放射源使用", "出版物零售", "印刷企业", "娱乐场所", "网络文化经营", "温泉浴场", "拍卖企业", "典当行",
    "粮食收储企业", "种畜禽生产", "水产苗种生产", "蜂产品加工", "小额贷款公司", "融资担保公司", "保安服务公司",
    "公章刻制业", "旧货回收", "再生资源回收", "废旧金属收购", "机动车检验机构", "城市道路挖掘", "临时占用绿地",
]
PROCEDURES = [("许可证", "核发"), ("许可证", "延续"), ("许可证", "变更"), ("备案", "登记"), ("变更", "登记"),
              ("注销", "登记"), ("年度", "报告"), ("资质", "认定"), ("设立", "审批"), ("信息", "变更"),
              ("监督", "检查"), ("安全", "评价"), ("资格", "审核"), ("证照", "补办")]
#: phrase: a village project named after a place the background never mentions.
NAME_FIRST = "棠鹭樾枫桐蓼芷荻榉楠蕙菱杞榕桦檀麓苇葭蘅"
NAME_SECOND = "溪湾坪岭塘坳洲滩坝埠岗畈坞圩渚屿峪垄汀源"
FACILITIES = ["饮水安全巩固提升工程", "农村公路提质改造工程", "便民服务站建设项目", "污水管网建设项目",
              "小型水库除险加固工程", "人居环境整治示范点", "高标准农田示范片", "文化广场建设项目",
              "集中安置点配套设施", "产业路硬化工程", "山塘清淤整治工程", "光伏发电项目", "卫生室标准化建设",
              "茶叶加工厂房建设", "冷链仓储设施项目", "灌溉渠道维修工程"]
VILLAGE = ("村", "社区", "组")
#: pinyin and typo: title words the segmenter keeps whole (checked at run time).
WORDS = [
    "宅基地", "拖拉机", "收割机", "液化气", "旅行社", "歌舞厅", "游泳池", "出租车", "驾驶证", "行驶证", "户口簿",
    "通行证", "出生证明", "奖学金", "幼儿园", "托儿所", "敬老院", "福利院", "抚恤金", "防空洞", "避雷针", "气象站",
    "水文站", "地震台", "档案馆", "图书馆", "博物馆", "文化馆", "体育馆", "菜市场", "农贸市场", "加油站", "停车场",
    "公交车", "水电站", "风电场", "沼气池", "斑马线", "红绿灯", "人行道", "消防栓", "灭火器", "救护车", "洒水车",
    "垃圾桶", "公共厕所", "候车亭", "立交桥", "高速公路", "收费站", "火车站", "汽车站", "客运站", "派出所",
    "卫生院", "养老院", "少年宫", "电影院", "大礼堂", "纪念馆", "烈士陵园", "殡仪馆", "火葬场", "小学生", "中学生",
    "研究生", "留学生", "志愿者", "护林员", "保洁员", "独生子女", "孤寡老人", "救助站", "泥石流", "堰塞湖",
    "自来水厂", "变电站", "人工智能", "无人机", "充电站", "停车位", "营养餐", "夏令营", "运动会", "马拉松",
    "篮球场", "足球场", "农家乐", "养殖场", "屠宰场", "土特产", "古村落", "红色旅游", "观光车", "露营地", "地下室",
    "摩托车", "安全帽", "眼角膜", "助听器", "老花镜",
]
#: synonym: (what a citizen types, the formal term the documents use).
SYNONYMS = [
    ("办事大厅", "政务服务大厅"), ("市长热线", "12345"), ("养狗证", "犬只登记证"), ("准生证", "生育服务证"),
    ("驾照", "机动车驾驶证"), ("房产证", "不动产权证书"), ("户口本", "居民户口簿"), ("老年证", "老年人优待证"),
    ("残疾证", "残疾人证"), ("低保", "最低生活保障"), ("五保户", "特困供养人员"), ("农民工", "进城务工人员"),
    ("黑车", "非法营运车辆"), ("违建", "违法建设"), ("网约车", "网络预约出租汽车"), ("退休金", "基本养老金"),
    ("失业金", "失业保险金"), ("电动车", "电动自行车"), ("过户", "转移登记"), ("老赖", "失信被执行人"),
    ("村官", "大学生村干部"), ("土地证", "国有土地使用证"), ("社保", "社会保险"), ("城管", "综合行政执法"),
    ("交警", "公安交通管理部门"), ("小升初", "小学毕业生升入初中"), ("中考", "初中学业水平考试"),
    ("高考", "普通高等学校招生全国统一考试"), ("烈属", "烈士遗属"), ("军嫂", "军人配偶"), ("暖气费", "供热采暖费"),
    ("车管所", "车辆管理所"), ("双减", "减轻学生作业负担和校外培训负担"), ("营改增", "营业税改征增值税"),
    ("新农合", "新型农村合作医疗"), ("两癌筛查", "宫颈癌和乳腺癌筛查"), ("放管服", "简政放权放管结合优化服务"),
    ("限高", "限制高消费"), ("消费投诉热线", "12315"), ("非遗", "非物质文化遗产"), ("文保单位", "文物保护单位"),
    ("个税", "个人所得税"), ("危改", "农村危房改造"), ("高龄补贴", "高龄津贴"), ("打拐", "打击拐卖妇女儿童犯罪"),
    ("厕所革命", "农村户厕改造"), ("煤改气", "清洁取暖改造"),
]
PLANTED_SENTENCES = [
    "近期，{d}围绕{x}开展专项工作，进一步规范办理流程。", "{w}将{x}纳入年度重点工作清单，逐项抓好落实。",
    "群众如需了解{x}相关事项，可向{d}咨询。", "今年以来，{x}工作有序推进，群众满意度稳步提升。",
    "会上，与会人员就{x}有关情况进行了深入交流。",
]
PHRASE_SENTENCES = ["重点推进{x}，计划于{y}年底前完工。", "{x}已完成立项审批，目前正在组织施工。",
                    "县级督导组实地查看了{x}的建设进度。"]


@dataclass(slots=True)
class Doc:
    n: int
    type: str
    title: str
    body: str
    department: str
    date: datetime.date
    doc_number: str

    @property
    def key(self) -> str:
        return f"{self.type}:{self.n}"


@dataclass
class Query:
    kind: str
    q: str
    target: str  # the planted string that makes a document relevant
    variant: str = ""
    relevant: list[int] = field(default_factory=list)  # document numbers n


@dataclass
class Corpus:
    docs: list[Doc]
    queries: list[Query]
    synonyms: list[tuple[str, str]]
    dropped: dict[str, int]


# --- generation -----------------------------------------------------------------------------

def _tel(r: random.Random) -> str:
    while True:
        tel = f"0874-{r.randint(6000000, 6999999)}"
        if "12345" not in tel and "12315" not in tel:
            return tel


def _slots(r: random.Random, department: str, date: datetime.date) -> dict[str, object]:
    return {
        "c": COUNTY, "d": f"{COUNTY}{department}", "w": r.choice(TOWNS), "t": r.choice(TOPICS), "m": r.choice(MATTERS),
        "p": r.choice(PROJECTS), "y": date.year, "y2": date.year + r.randint(1, 3), "mo": r.randint(1, 12),
        "dd": r.randint(1, 14), "dd2": r.randint(15, 28), "a": r.randint(20, 9800), "n": r.randint(100, 90000),
        "k": r.randint(2, 30), "k2": r.randint(1, 20), "tel": _tel(r), "tel2": _tel(r), "co": r.choice(COMPANIES),
    }


def _body(r: random.Random, type_: str, slots: dict, target: int) -> list[str]:
    """Sentences dealt from the type's shuffled deck (reshuffled when it runs out)."""
    pool = OWN.get(type_) or SPECIFIC[type_] + GENERIC
    sentences: list[str] = []
    deck: list[str] = []
    length = 0
    while length < target:
        if not deck:
            deck = r.sample(pool, len(pool))
            slots = {**slots, "t": r.choice(TOPICS), "w": r.choice(TOWNS), "m": r.choice(MATTERS)}
        sentence = deck.pop().format(**slots)
        sentences.append(sentence)
        length += len(sentence)
    return sentences


def _make_doc(n: int, r: random.Random, plant: tuple[str, str, str] | None) -> Doc:
    type_ = r.choices(TYPES, weights=TYPE_WEIGHTS)[0]
    department, abbreviation = r.choice(DEPARTMENTS)
    date = datetime.date(2018, 1, 1) + datetime.timedelta(days=r.randint(0, 8 * 365 - 1))
    slots = _slots(r, department, date)
    title_slots = dict(slots)
    doc_number = ""
    if type_ == "policy" or (type_ == "article" and r.random() < 0.2):
        doc_number = f"云{abbreviation}{r.choice(['发', '发', '办', '函'])}〔{date.year}〕{r.randint(1, 160)}号"
    sentences = _body(r, type_, slots, r.randint(200, 740))
    if plant is not None:
        kind, text, where = plant
        if "title" in where:
            title_slots.update(t=text, m=text, p=text)
        if "body" in where:
            pool = PHRASE_SENTENCES if kind == "phrase" else PLANTED_SENTENCES
            sentence = r.choice(pool).format(**{**slots, "x": text})
            sentences.insert(r.randint(0, len(sentences)), sentence)
    title = r.choice(TITLES[type_]).format(**title_slots).replace("管理管理", "管理")
    paragraphs, start = [], 0
    while start < len(sentences):
        size = r.randint(2, 4)
        paragraphs.append("".join(sentences[start:start + size]))
        start += size
    return Doc(n=n, type=type_, title=title, body="\n".join(paragraphs), department=f"{COUNTY}{department}",
               date=date, doc_number=doc_number)


# --- markers and queries ---------------------------------------------------------------------

def _homophone_table() -> dict[str, list[str]]:
    """Toneless pinyin → the GB2312 level-1 characters (the 3,755 commonest) read that way."""
    from pypinyin import Style, pinyin

    table: dict[str, list[str]] = {}
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
                table.setdefault(reading, []).append(char)
    return table


def _typo(word: str, r: random.Random, table: dict[str, list[str]]) -> str | None:
    """``word`` with one character replaced by another of exactly the same pinyin."""
    import rjieba
    from pypinyin import lazy_pinyin

    full = lazy_pinyin(word)
    positions = list(range(len(word)))
    r.shuffle(positions)
    for i in positions:
        options = [c for c in table.get(full[i], []) if c != word[i]]
        r.shuffle(options)
        for char in options:
            typo = word[:i] + char + word[i + 1:]
            if lazy_pinyin(typo) == full and rjieba.cut(typo) != [typo]:
                return typo
    return None


def _candidates(kind: str, count: int, r: random.Random, words: list[str]) -> list[tuple[list[Query], str, str]]:
    """Up to ``count`` candidate markers of a kind: ``(queries, planted text, where)``."""
    from pypinyin import Style, lazy_pinyin

    out: list[tuple[list[Query], str, str]] = []
    if kind == "substring":
        objects = r.sample(SUBSTRING_OBJECTS, min(count, len(SUBSTRING_OBJECTS)))
        used: set[str] = set()
        for obj in objects:
            tail = obj[-2:] if len(obj) >= 3 else obj  # from inside the object…
            first, second = r.choice([p for p in PROCEDURES if tail + p[0] not in used] or PROCEDURES)
            used.add(tail + first)  # …to the procedure's first word
            marker = obj + first + second
            out.append(([Query(kind, tail + first, tail + first, marker)], marker, r.choice(["title", "title body"])))
    elif kind == "phrase":
        names = r.sample([a + b for a in NAME_FIRST for b in NAME_SECOND], count)
        for name in names:
            prefix = name + r.choice(VILLAGE)
            marker = prefix + r.choice(FACILITIES)
            start = r.choice([0, 0, 1])  # the phrase runs from the place name into the facility
            end = r.randint(len(prefix) + 1, min(start + 6, len(prefix) + 4))
            phrase = marker[start:max(end, start + 3)]
            quoted = f"“{phrase}”" if r.random() < 0.5 else f'"{phrase}"'
            out.append(([Query(kind, quoted, phrase)], marker, r.choice(["body", "body", "title body"])))
    elif kind == "pinyin":
        for word in words[:count]:
            syllables = lazy_pinyin(word, style=Style.NORMAL)
            out.append(([Query(kind, "".join(syllables), word, "full"),
                         Query(kind, "".join(s[0] for s in syllables), word, "initials")], word, "title"))
    elif kind == "typo":
        table = _homophone_table()
        for word in words:
            if len(out) >= count:
                break
            typo = _typo(word, r, table)
            if typo:
                out.append(([Query(kind, typo, word)], word, r.choice(["title", "title body"])))
    elif kind == "synonym":
        for colloquial, formal in r.sample(SYNONYMS, min(count, len(SYNONYMS))):
            out.append(([Query(kind, colloquial, formal, variant=colloquial)], formal,
                        r.choice(["title", "body", "title body"])))
    return out


def _usable_words(r: random.Random) -> list[str]:
    """Marker words the segmenter keeps whole, in a seeded order; none contains another."""
    import rjieba

    others = SUBSTRING_OBJECTS + FACILITIES + [t for pair in SYNONYMS for t in pair]
    words = [w for w in WORDS if rjieba.cut(w) == [w] and not any(w in o or o in w for o in others)]
    words = [w for w in words if not any(w != o and (w in o or o in w) for o in words)]
    r.shuffle(words)
    return words


def _keys(word: str) -> tuple[str, str]:
    """Full spelling and initials of a word."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word, style=Style.NORMAL)
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def _pinyin_index(texts) -> dict[str, set[str]]:
    """Full spelling or initials → the words (two or more characters) of ``texts`` read so."""
    import rjieba

    index: dict[str, set[str]] = {}
    for word in {w for text in texts for w in rjieba.cut_for_search(text) if len(w) >= 2}:
        for key in _keys(word):
            index.setdefault(key, set()).add(word)
    return index


def _unambiguous(words: list[str], index: dict[str, set[str]], initials: bool) -> list[str]:
    """Words whose spelling (and initials) neither another marker word nor a background word
    shares: the answer to their pinyin or homophone query is then known."""
    seen: set[str] = set()
    out = []
    for word in words:
        keys = set(_keys(word)[: 2 if initials else 1])
        if not keys & seen and not any(index.get(k, set()) - {word} for k in keys):
            seen |= keys
            out.append(word)
    return out


class _Scanner:
    """Exact substring search over every document's title and body."""

    def __init__(self, docs: list[Doc]) -> None:
        texts = [f"{d.title}\x02{d.body}" for d in docs]
        self.starts = [0, *itertools.accumulate(len(t) + 1 for t in texts)][:-1]
        self.text = "\x01".join(texts)
        self.numbers = [d.n for d in docs]

    def docs_with(self, needle: str) -> set[int]:
        found: set[int] = set()
        at = self.text.find(needle)
        while at != -1:
            index = bisect.bisect_right(self.starts, at) - 1
            found.add(self.numbers[index])
            at = self.text.find(needle, self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text))
        return found


def build(n_docs: int, n_queries: int, seed: int, progress=None) -> Corpus:
    """The corpus and its queries for ``seed`` (same arguments, same output)."""
    r = random.Random(seed)
    plan_r = random.Random(seed * 7 + 1)
    per_kind = {k: n_queries // len(KINDS) + (1 if i < n_queries % len(KINDS) else 0) for i, k in enumerate(KINDS)}
    words = _usable_words(plan_r)
    pieces = TOPICS + MATTERS + PROJECTS + TOWNS + [d for d, _ in DEPARTMENTS] + [t for ts in TITLES.values() for t in ts]
    sounds = _pinyin_index(pieces + words)  # no marker word may sound like another one either
    pinyin_words = _unambiguous(words[: len(words) // 3], sounds, initials=True)
    typo_words = _unambiguous(words[len(words) // 3:], sounds, initials=False)
    candidates: dict[str, list] = {}
    for kind in KINDS:
        wanted = per_kind[kind]
        if kind == "pinyin":
            wanted = (wanted + 1) // 2  # two queries (full spelling, initials) per word
        spare = wanted + max(3, wanted // 4)
        source = pinyin_words if kind == "pinyin" else typo_words
        candidates[kind] = _candidates(kind, spare, plan_r, source)

    free = list(range(1, n_docs + 1))
    plan_r.shuffle(free)
    plants: dict[int, tuple[str, str, str]] = {}
    planted: list[tuple[str, list[Query], set[int]]] = []
    for kind in KINDS:
        for queries, text, where in candidates[kind]:
            size = min(plan_r.randint(1, 10), len(free))
            chosen = {free.pop() for _ in range(size)}
            for n in chosen:
                plants[n] = (kind, text, where)
            planted.append((kind, queries, chosen))

    docs: list[Doc] = []
    for n in range(1, n_docs + 1):
        docs.append(_make_doc(n, r, plants.get(n)))
        if progress is not None and n % 1000 == 0:
            progress(1000)
    if progress is not None:
        progress(n_docs % 1000)

    scanner = _Scanner(docs)
    titles = _pinyin_index({d.title for d in docs})
    queries: list[Query] = []
    taken = dict.fromkeys(KINDS, 0)
    dropped = dict.fromkeys(KINDS, 0)
    for kind, group, chosen in planted:
        if not chosen or taken[kind] >= per_kind[kind]:
            continue
        ok = all(scanner.docs_with(q.target) == chosen for q in group)
        if kind in ("typo", "synonym"):  # the typed form itself is nowhere in the corpus
            ok = ok and not scanner.docs_with(group[0].q)
        if kind in ("pinyin", "typo"):  # and no other title word sounds the same
            keys = _keys(group[0].target)[: 2 if kind == "pinyin" else 1]
            ok = ok and not any(titles.get(k, set()) - {group[0].target} for k in keys)
        if not ok:
            dropped[kind] += 1
            continue
        for query in group[: per_kind[kind] - taken[kind]]:
            query.relevant = sorted(chosen)
            queries.append(query)
            taken[kind] += 1
    synonyms = [(q.q, q.target) for q in queries if q.kind == "synonym"]
    return Corpus(docs=docs, queries=queries, synonyms=synonyms, dropped=dropped)
