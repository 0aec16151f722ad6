"""The dictionary a new portal starts with (created by a data migration; editors extend it in
the admin under 错敏词库).

- ``DEFAULT_WRONG``: wrong characters and wrong expressions common in government writing, with
  their correct form.
- ``DEFAULT_OUTDATED``: names of institutions renamed or merged in the 2018 State Council and
  local reforms (and the 2021 and 2023 follow-ups), with the current name.  Every outdated name
  gets the exception ``原<名称>``: a text naming the former institution as such is correct.
- ``DEFAULT_BANNED``: expressions that must not appear on a government website, with what to
  write instead in the note.

Each row is ``(word, correction or "", exceptions (one per line) or "", note)``.
"""

from __future__ import annotations

Row = tuple[str, str, str, str]

DEFAULT_WRONG: tuple[Row, ...] = (
    ("按装", "安装", "", ""),
    ("既使", "即使", "", ""),
    ("凑和", "凑合", "", ""),
    ("重迭", "重叠", "", ""),
    ("克守", "恪守", "", ""),
    ("布署", "部署", "", ""),
    ("防碍", "妨碍", "", ""),
    ("防犯", "防范", "防犯罪\n防犯法", ""),
    ("针贬", "针砭", "", ""),
    ("松驰", "松弛", "", ""),
    ("陷井", "陷阱", "", ""),
    ("发韧", "发轫", "", ""),
    ("磨擦", "摩擦", "", ""),
    ("急燥", "急躁", "", ""),
    ("幅射", "辐射", "", ""),
    ("座落", "坐落", "", ""),
    ("气慨", "气概", "", ""),
    ("寒喧", "寒暄", "", ""),
    ("帐户", "账户", "", "与钱款有关的“账”不写作“帐”"),
    ("其它", "其他", "", "公文中统一使用“其他”"),
    ("再接再励", "再接再厉", "", ""),
    ("按步就班", "按部就班", "", ""),
    ("迫不急待", "迫不及待", "", ""),
    ("一愁莫展", "一筹莫展", "", ""),
    ("一如继往", "一如既往", "", ""),
    ("不记其数", "不计其数", "", ""),
    ("迫在眉捷", "迫在眉睫", "", ""),
    ("全神灌注", "全神贯注", "", ""),
    ("川流不习", "川流不息", "", ""),
    ("默守成规", "墨守成规", "", ""),
    ("出奇不意", "出其不意", "", ""),
    ("直接了当", "直截了当", "", ""),
    ("精兵减政", "精兵简政", "", ""),
    ("走头无路", "走投无路", "", ""),
    ("贯切落实", "贯彻落实", "", ""),
    ("残废人", "残疾人", "", "规范称谓为“残疾人”"),
    ("香港政府", "香港特别行政区政府", "", "简称“香港特区政府”"),
    ("澳门政府", "澳门特别行政区政府", "", "简称“澳门特区政府”"),
    ("北朝鲜", "朝鲜", "", "规范称谓为“朝鲜”"),
)

DEFAULT_OUTDATED: tuple[Row, ...] = (
    ("国家工商行政管理总局", "国家市场监督管理总局", "", "2018年机构改革组建国家市场监督管理总局"),
    ("国家质量监督检验检疫总局", "国家市场监督管理总局", "", "2018年机构改革组建国家市场监督管理总局"),
    ("国家食品药品监督管理总局", "国家市场监督管理总局", "", "药品监管为国家药品监督管理局"),
    ("国土资源部", "自然资源部", "", "2018年机构改革"),
    ("环境保护部", "生态环境部", "", "2018年机构改革"),
    ("国家卫生和计划生育委员会", "国家卫生健康委员会", "", "2018年机构改革"),
    ("国家安全生产监督管理总局", "应急管理部", "", "2018年机构改革"),
    ("国家旅游局", "文化和旅游部", "", "2018年机构改革"),
    ("国家海洋局", "自然资源部", "", "2018年机构改革，对外保留国家海洋局牌子"),
    ("中国银行业监督管理委员会", "国家金融监督管理总局", "", "2018年组建中国银行保险监督管理委员会，2023年组建国家金融监督管理总局"),
    ("工商行政管理局", "市场监督管理局", "", "地方机构改革"),
    ("质量技术监督局", "市场监督管理局", "", "地方机构改革"),
    ("食品药品监督管理局", "市场监督管理局", "", "地方机构改革"),
    ("国土资源局", "自然资源局", "", "地方机构改革"),
    ("环境保护局", "生态环境局", "", "地方机构改革"),
    ("卫生和计划生育委员会", "卫生健康委员会", "", "地方机构改革"),
    ("卫生和计划生育局", "卫生健康局", "", "地方机构改革"),
    ("安全生产监督管理局", "应急管理局", "", "地方机构改革"),
    ("地方税务局", "税务局", "", "2018年国税地税征管体制改革，国税地税合并"),
    ("公安消防大队", "消防救援大队", "", "2018年公安消防部队转制为国家综合性消防救援队伍"),
    ("扶贫开发办公室", "乡村振兴局", "", "2021年机构调整"),
)

DEFAULT_BANNED: tuple[Row, ...] = (
    ("台湾总统", "", "", "应为“台湾地区领导人”"),
    ("台湾政府", "", "", "应为“台湾当局”或“台湾地区有关方面”"),
    ("台湾行政院", "", "", "应为“台湾地区行政管理机构”"),
    ("中华民国", "", "", "不得使用；1949年以前的历史叙述如需使用，请在例外短语中登记"),
    ("两岸三地", "", "", "提法不准确，可写作“内地与港澳、大陆与台湾”"),
    ("港澳台国家", "", "", "港澳台是中国的一部分，应为“国家和地区”"),
)


def _outdated_with_exceptions() -> tuple[Row, ...]:
    rows = []
    for word, correction, exceptions, note in DEFAULT_OUTDATED:
        lines = [f"原{word}", *(line for line in exceptions.splitlines() if line.strip())]
        rows.append((word, correction, "\n".join(dict.fromkeys(lines)), note))
    return tuple(rows)


def default_rows() -> list[tuple[str, Row]]:
    """Every default entry as ``(kind, row)``."""
    return [
        *(("wrong", row) for row in DEFAULT_WRONG),
        *(("outdated", row) for row in _outdated_with_exceptions()),
        *(("banned", row) for row in DEFAULT_BANNED),
    ]


def ensure_default_words(entry_model) -> int:
    """Create the default entries that are missing (idempotent: an entry matched on kind and
    word is left as the editors keep it).  ``entry_model`` is ``WordEntry`` or its historical
    model in a migration.  Returns how many entries were created."""
    created = 0
    for kind, (word, correction, exceptions, note) in default_rows():
        _, made = entry_model.objects.get_or_create(
            kind=kind, word=word,
            defaults={"correction": correction, "exceptions": exceptions, "note": note, "enabled": True},
        )
        created += made
    return created
