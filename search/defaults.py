"""The dictionaries a new portal starts with: words of government services that must stay
whole, and the synonyms citizens use for them.  Editors extend both in the admin."""

from __future__ import annotations

DEFAULT_USER_WORDS = (
    ("跨省通办", "国办发〔2020〕35号"),
    ("告知承诺制", "国办发〔2020〕42号"),
    ("一网通办", "政务服务"),
    ("好差评", "政务服务评价"),
    ("一件事一次办", "政务服务"),
    ("帮办代办", "政务服务"),
    ("中介服务超市", "网上中介服务超市"),
    ("电子证照", "政务服务"),
)

DEFAULT_SYNONYMS = (
    ("办事大厅，政务服务大厅，政务服务中心", "群众常用说法"),
    ("市长热线，12345，政务服务便民热线", "12345 热线"),
    ("社保卡，社会保障卡", "简称"),
    ("医保，医疗保险，医疗保障", "简称"),
    ("公积金，住房公积金", "简称"),
    ("营业执照，执照", "常用说法"),
    ("低保，最低生活保障", "简称"),
    ("残疾证，残疾人证", "常用说法"),
    ("身份证，居民身份证", "简称"),
    ("网上办，网办，全程网办", "常用说法"),
)


def ensure_default_dictionaries() -> None:
    """Create the default user words and synonym groups that are missing (idempotent: a
    synonym group is matched on its first term, so editors' changes are kept)."""
    from .models import Synonym, UserWord

    for word, note in DEFAULT_USER_WORDS:
        UserWord.objects.get_or_create(word=word, defaults={"note": note})
    existing_first_terms = {group.term_list()[0] for group in Synonym.objects.all() if group.term_list()}
    for terms, note in DEFAULT_SYNONYMS:
        first = terms.split("，")[0]
        if first not in existing_first_terms:
            Synonym.objects.create(terms=terms, note=note)
