"""索引号 (catalogue index numbers): ``<issuer code>/<year>-<5-digit serial>``.

Rule (政府信息公开目录, 《政府信息公开条例》第十二条; the format used on county portals):
a number is assigned on first publication, is unique, and is never reused or changed.
Serials come from one counter row per issuer and year, incremented with a row-locking
``UPDATE`` inside the publishing transaction, so concurrent publications on PostgreSQL
each get their own serial; a rolled-back publication leaves a gap, never a duplicate.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F

SERIAL_WIDTH = 5


class IndexSerial(models.Model):
    """The last serial issued for one issuer code in one year."""

    issuer_code = models.CharField("索引号前缀", max_length=30)
    year = models.PositiveSmallIntegerField("年份")
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "索引号计数"
        verbose_name_plural = "索引号计数"
        constraints = [models.UniqueConstraint(fields=["issuer_code", "year"], name="indexserial_unique_issuer_year")]

    def __str__(self) -> str:
        return f"{self.issuer_code}/{self.year}: {self.last_serial}"


def format_index_number(issuer_code: str, year: int, serial: int) -> str:
    """Format one 索引号; the serial has at least five digits."""
    return f"{issuer_code}/{year}-{serial:0{SERIAL_WIDTH}d}"


def allocate_serials(issuer_code: str, year: int, count: int = 1) -> range:
    """Reserve ``count`` consecutive serials for ``issuer_code`` in ``year`` and return them.

    Runs in (or joins) a transaction; the ``UPDATE ... SET last_serial = last_serial + n``
    takes the row lock, so a concurrent caller waits and then continues after our range.
    """
    if count < 1:
        raise ValueError("count must be positive")
    with transaction.atomic():
        if not IndexSerial.objects.filter(issuer_code=issuer_code, year=year).exists():
            try:
                with transaction.atomic():
                    IndexSerial.objects.create(issuer_code=issuer_code, year=year)
            except IntegrityError:
                pass  # created concurrently by another publication
        IndexSerial.objects.filter(issuer_code=issuer_code, year=year).update(
            last_serial=F("last_serial") + count
        )
        last = IndexSerial.objects.filter(issuer_code=issuer_code, year=year).values_list(
            "last_serial", flat=True
        ).get()
    return range(last - count + 1, last + 1)


def allocate_index_numbers(issuer_code: str, year: int, count: int = 1) -> list[str]:
    """Reserve ``count`` index numbers at once (bulk import uses this)."""
    return [format_index_number(issuer_code, year, serial) for serial in allocate_serials(issuer_code, year, count)]
