"""The workbook format of service guides (办事指南导入导出格式), as the province sends catalogues.

An .xlsx workbook with two sheets; row 1 of each sheet is the header row, every column below
must be present (in any order), data start in row 2.

Sheet ``办事指南`` — one row per guide (the national elements, DESIGN.md “Service guides”):

==============  ===========================================================================
事项名称         the guide's title (required: a row without it is an error)
基本编码         text
实施编码         the key: a row whose 实施编码 exists updates that guide (a new revision),
                 otherwise a guide is created (required; unique within the file)
事项类型         a label of ``MatterType``: 行政许可、行政给付、行政确认、行政征收、行政奖励、
                 行政裁决、其他行政权力、公共服务
服务对象         自然人、法人 or 自然人和法人 (blank: 自然人)
办事主题         theme names separated by “、” or commas (个人·/法人· may prefix a name that
                 exists for both)
实施主体         the department's full name, short name or 统一社会信用代码 (required); the
                 guide goes into that department's guide folder
设定依据         text
受理条件         text, one paragraph a line (or rich-text HTML, sanitized)
办理流程         text, one paragraph a line (or rich-text HTML, sanitized)
法定办结时限     whole number of working days (“20” or “20个工作日”)
承诺办结时限     whole number of working days, not more than 法定办结时限
是否收费         是 / 否 (blank: 否)
收费标准         text (required when 是否收费 is 是)
办理地点         text
办理时间         text
咨询方式         text
监督投诉方式     text
到办事现场次数   0, 1 or 2 (0 only for guides handled online)
是否网办         是 / 否 (blank: 否)
网办地址         an http(s) address (required when 是否网办 is 是)
常见问题         pairs “问：……答：……”, one pair a line or pairs separated by blank lines
==============  ===========================================================================

Sheet ``申请材料`` — one row per material, in the order shown in the guide:

==========  ========================================================================
实施编码     the guide the material belongs to (must appear in sheet 办事指南)
材料名称     text (required)
必要性       必要、非必要 or 容缺后补 (blank: 必要)
材料形式     纸质、电子 or 纸质或电子 (blank: 纸质或电子)
份数         whole number (blank: 1)
来源渠道     申请人自备、政府部门核发、中介机构或法定机构出具 or 其他 (blank: 申请人自备)
来源说明     text
填报须知     text
==========  ========================================================================

Blank required elements are not errors: such guides are saved as drafts and reported with
what they lack (they can be finished by hand; a guide missing an element is never
published).  Malformed values are errors, and one error stops the whole import.
"""

from __future__ import annotations

GUIDE_SHEET = "办事指南"
MATERIAL_SHEET = "申请材料"

TITLE = "事项名称"
BASIC_CODE = "基本编码"
CODE = "实施编码"
MATTER_TYPE = "事项类型"
AUDIENCE = "服务对象"
THEMES = "办事主题"
DEPARTMENT = "实施主体"
LEGAL_BASIS = "设定依据"
CONDITIONS = "受理条件"
PROCESS = "办理流程"
LEGAL_LIMIT = "法定办结时限"
PROMISED_LIMIT = "承诺办结时限"
CHARGED = "是否收费"
FEE = "收费标准"
LOCATION = "办理地点"
HOURS = "办理时间"
CONSULTATION = "咨询方式"
COMPLAINT = "监督投诉方式"
VISITS = "到办事现场次数"
ONLINE = "是否网办"
ONLINE_URL = "网办地址"
FAQ = "常见问题"

GUIDE_HEADERS: tuple[str, ...] = (
    TITLE, BASIC_CODE, CODE, MATTER_TYPE, AUDIENCE, THEMES, DEPARTMENT, LEGAL_BASIS, CONDITIONS, PROCESS,
    LEGAL_LIMIT, PROMISED_LIMIT, CHARGED, FEE, LOCATION, HOURS, CONSULTATION, COMPLAINT, VISITS, ONLINE,
    ONLINE_URL, FAQ,
)

MATERIAL_NAME = "材料名称"
NECESSITY = "必要性"
FORM = "材料形式"
COPIES = "份数"
SOURCE = "来源渠道"
SOURCE_NOTE = "来源说明"
NOTE = "填报须知"

MATERIAL_HEADERS: tuple[str, ...] = (CODE, MATERIAL_NAME, NECESSITY, FORM, COPIES, SOURCE, SOURCE_NOTE, NOTE)

SHEETS: dict[str, tuple[str, ...]] = {GUIDE_SHEET: GUIDE_HEADERS, MATERIAL_SHEET: MATERIAL_HEADERS}

#: Plain-text columns of the guide sheet and the model fields they fill.
GUIDE_TEXT_FIELDS: dict[str, str] = {
    TITLE: "title", BASIC_CODE: "basic_code", LEGAL_BASIS: "legal_basis", FEE: "fee_standard",
    LOCATION: "location", HOURS: "office_hours", CONSULTATION: "consultation", COMPLAINT: "complaint",
}
#: Plain-text columns of the material sheet and the ``GuideMaterial`` fields they fill.
MATERIAL_TEXT_FIELDS: dict[str, str] = {MATERIAL_NAME: "name", SOURCE_NOTE: "source_note", NOTE: "note"}

#: The rule of each column in Chinese: the template's 填写说明 sheet and the admin upload page.
GUIDE_RULES: dict[str, str] = {
    TITLE: "必填。",
    BASIC_CODE: "文本。",
    CODE: "必填，在文件中不能重复；网站上已有该实施编码的办事指南会被更新（生成新版本），否则新建。",
    MATTER_TYPE: "可填：" + "、".join(("行政许可", "行政给付", "行政确认", "行政征收", "行政奖励", "行政裁决",
                                   "其他行政权力", "公共服务")) + "。",
    AUDIENCE: "可填：自然人、法人、自然人和法人；留空为自然人。",
    THEMES: "主题名称，多个用“、”或逗号分隔；个人和法人都有的主题写作“个人·其他”或“法人·其他”。",
    DEPARTMENT: "必填，部门全称或统一社会信用代码；办事指南放入该部门的办事指南目录。",
    LEGAL_BASIS: "文本。",
    CONDITIONS: "文本，每行一段。",
    PROCESS: "文本，每行一段。",
    LEGAL_LIMIT: "整数，单位为工作日（可写 20 或 20个工作日）。",
    PROMISED_LIMIT: "整数，单位为工作日，不能超过法定办结时限。",
    CHARGED: "是 或 否；留空为否。",
    FEE: "收费事项必须填写。",
    LOCATION: "文本。",
    HOURS: "文本。",
    CONSULTATION: "文本。",
    COMPLAINT: "文本。",
    VISITS: "0、1 或 2；0 次的事项必须可以网上办理。",
    ONLINE: "是 或 否；留空为否。",
    ONLINE_URL: "以 http:// 或 https:// 开头的网址；可网办的事项必须填写。",
    FAQ: "“问：……答：……”，每个问答一行，或问答之间空一行。",
}
MATERIAL_RULES: dict[str, str] = {
    CODE: "必填，材料所属办事指南的实施编码，须出现在“办事指南”工作表中。",
    MATERIAL_NAME: "必填。",
    NECESSITY: "必要、非必要 或 容缺后补；留空为必要。",
    FORM: "纸质、电子 或 纸质或电子；留空为纸质或电子。",
    COPIES: "整数；留空为 1。",
    SOURCE: "申请人自备、政府部门核发、中介机构或法定机构出具 或 其他；留空为申请人自备。",
    SOURCE_NOTE: "文本。",
    NOTE: "文本。",
}
GENERAL_RULES: tuple[str, ...] = (
    "每个工作表第 1 行为表头，列的顺序可以调整，但每一列都必须有；从第 2 行起每行一条。",
    "整个文件校验通过才会导入，任何一个单元格有误都不会导入任何内容，并列出所有问题所在的工作表、行和列。",
    "必备要素留空不算错误：这样的办事指南存为草稿并在导入结果中列出所缺要素，补齐后再发布；缺少必备要素的办事指南不能发布。",
    "部门的信息员、审核员只能导入本部门的办事指南，导入后提交本部门审核；政务服务中心和门户编辑导入的完整指南直接发布。",
)
