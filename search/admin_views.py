"""The editors' side of search: dictionary forms, the search report and its .xlsx export.

Who may do what:

- user words, synonyms and best bets follow their model permissions (``search.add_userword``
  …), which the 门户编辑 group holds (migration ``0004_editor_permissions``); department staff
  (信息员, 审核员) hold none of them, so Wagtail hides the menu items and refuses the views;
- the report and its export need ``search.view_querylog`` (:data:`REPORT_PERMISSION`).

The models' own ``clean()`` does not check the editors' input, so the rules live in the admin
forms below (each form's docstring states its rule).
"""

from __future__ import annotations

import datetime
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator, URLValidator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView

from cms.core.spreadsheets import append_header

from . import report
from .analysis.normalize import CJK_CHAR, normalize
from .models import Synonym

#: The permission that opens the search report and its export.
REPORT_PERMISSION = "search.view_querylog"
#: Rows per page of the report's query lists.
PER_PAGE = 20
#: Rows per sheet of the export at most (a year of a county portal's queries fits easily).
MAX_EXPORT_ROWS = 50_000
#: Outbox rows older than this mean the every-minute drain is not running.
PENDING_LATE = datetime.timedelta(minutes=15)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

WORD_MIN, WORD_MAX = 2, 40
TERM_MAX = 40


def can_view_report(user: Any) -> bool:
    """Superusers and holders of ``search.view_querylog`` (the 门户编辑 group)."""
    return bool(user and user.is_active and user.has_perm(REPORT_PERMISSION))


# --- dictionary forms ---------------------------------------------------------------------------


def _is_word_char(char: str) -> bool:
    return bool(CJK_CHAR.match(char)) or (char.isascii() and char.isalnum())


class UserWordForm(WagtailAdminModelForm):
    """A user word is one word the segmenter keeps whole.

    Rule: 2–40 characters, no spaces; it contains a Chinese character or consists of ASCII
    letters and digits only; punctuation is refused (the analyser turns it into a word break,
    so such a word could never be kept whole).  The word is stored as the analyser sees it —
    full-width folded to half-width, traditional to simplified characters, letters in lower
    case — so two spellings of one word cannot both be added.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "word" in self.fields:
            # The length rule below says it in the editors' terms (the browser's maxlength stays).
            field = self.fields["word"]
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]

    def clean_word(self) -> str:
        word = unicodedata.normalize("NFKC", self.cleaned_data.get("word") or "").strip()
        if any(char.isspace() for char in word):
            raise ValidationError("词语中不能有空格；多个词请分别添加。", code="space")
        if not WORD_MIN <= len(word) <= WORD_MAX:
            raise ValidationError(f"词语长度应为 {WORD_MIN} 到 {WORD_MAX} 个字符。", code="length")
        if not (CJK_CHAR.search(word) or (word.isascii() and word.isalnum())):
            raise ValidationError("词语应包含汉字，或只由英文字母和数字组成。", code="script")
        if not all(_is_word_char(char) for char in word):
            raise ValidationError("词语只能由汉字、英文字母和数字组成，不能有标点符号。", code="punctuation")
        return normalize(word)


class SynonymForm(WagtailAdminModelForm):
    """A synonym group lists words that mean the same to a citizen.

    Rule: after splitting on commas, 顿号, spaces or equals signs (``Synonym.term_list()``) the
    group has at least two different words — different also after the analyser's folding
    (``營業執照`` and ``营业执照`` are one word) — each of at most 40 characters and each with
    a letter, digit or Chinese character.  The terms are stored separated by “，”.
    """

    def clean_terms(self) -> str:
        terms = Synonym(terms=self.cleaned_data.get("terms") or "").term_list()
        too_long = [t for t in terms if len(t) > TERM_MAX]
        if too_long:
            raise ValidationError(
                f"每个词不超过 {TERM_MAX} 个字符：“{too_long[0][:TERM_MAX]}…”太长，请检查分隔符。", code="length"
            )
        empty = [t for t in terms if not normalize(t)]
        if empty:
            raise ValidationError(f"“{empty[0]}”不是词语，请删除。", code="empty")
        distinct = dict.fromkeys(normalize(t).replace(" ", "") for t in terms)
        if len(distinct) < 2:
            raise ValidationError("请至少填写两个不同的词，用逗号、顿号、空格或等号分隔。", code="too_few")
        return "，".join(terms)


_ABSOLUTE_URL = URLValidator(schemes=["http", "https"])


class BestBetForm(WagtailAdminModelForm):
    """A best bet points a query at one page of the site or one address.

    Rule: the query has a letter, digit or Chinese character; exactly one of page and URL is
    given; a URL is a path of this site (starts with a single “/”) or a full ``https://`` or
    ``http://`` address, without spaces; a best bet by URL needs a title (a page has its own).
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        query = cleaned.get("query") or ""
        if query and not normalize(query):
            self.add_error("query", ValidationError("搜索词应包含汉字、字母或数字。", code="query"))
        page = cleaned.get("page")
        url = (cleaned.get("url") or "").strip()
        cleaned["url"] = url
        if page is not None and url:
            self.add_error("url", ValidationError("已选择页面时请不要再填写网址（二者只能选一）。", code="both"))
        elif page is None and not url:
            self.add_error("page", ValidationError("请选择一个页面，或在“网址”中填写链接。", code="neither"))
        elif url:
            error = self._url_error(url)
            if error:
                self.add_error("url", ValidationError(error, code="url"))
            elif not (cleaned.get("title") or "").strip():
                self.add_error("title", ValidationError("填写网址时请填写标题。", code="title"))
        return cleaned

    @staticmethod
    def _url_error(url: str) -> str:
        if re.search(r"\s", url):
            return "网址中不能有空格。"
        if url.startswith("/"):
            return "" if not url.startswith("//") else "本站网址以单个 / 开头，例如 /zwfw/。"
        if url.lower().startswith(("https://", "http://")):
            try:
                _ABSOLUTE_URL(url)
            except ValidationError:
                return "网址格式不正确。"
            return ""
        return "网址应以 / 开头（本站页面），或以 https:// 、http:// 开头。"


class PrefilledCreateView(CreateView):
    """The snippet create view, with fields prefilled from the query string (the report's
    “添加同义词” links); only the fields named in ``prefill_fields`` are read."""

    prefill_fields: tuple[str, ...] = ()

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.request.method == "GET":
            for name in self.prefill_fields:
                value = self.request.GET.get(name, "").strip()
                if value:
                    initial[name] = value[:300]
        return initial


class UserWordCreateView(PrefilledCreateView):
    prefill_fields = ("word",)


class SynonymCreateView(PrefilledCreateView):
    prefill_fields = ("terms",)


class BestBetCreateView(PrefilledCreateView):
    prefill_fields = ("query",)


# --- the report ---------------------------------------------------------------------------------


class ReportPeriodForm(forms.Form):
    """The report's date range (GET ``from`` and ``to``, ``YYYY-MM-DD``).

    Rule: missing ends default to the last 30 days ending today (or ending on ``to``); the
    start is not after the end; the range is at most 366 days.
    """

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        date_input = {"type": "date"}
        self.fields["from"] = forms.DateField(label="开始日期", required=False,
                                              widget=forms.DateInput(attrs=date_input, format="%Y-%m-%d"))
        self.fields["to"] = forms.DateField(label="结束日期", required=False,
                                            widget=forms.DateInput(attrs=date_input, format="%Y-%m-%d"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("to") or self.today
        start = cleaned.get("from") or end - datetime.timedelta(days=report.DEFAULT_DAYS - 1)
        if start > end:
            raise ValidationError("开始日期不能晚于结束日期。", code="order")
        if (end - start).days + 1 > report.MAX_DAYS:
            raise ValidationError(f"统计区间最长 {report.MAX_DAYS} 天。", code="too_long")
        cleaned["period"] = report.Period(start, end)
        return cleaned

    def period(self) -> report.Period:
        """The chosen period, or the default one when the input is invalid."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return report.Period.last_days(today=self.today)


def period_form(request: HttpRequest) -> ReportPeriodForm:
    """The period form of a report request: bound to ``from``/``to`` when given (its errors
    are shown, and the default period is used), else showing the default period."""
    data = {key: request.GET[key] for key in ("from", "to") if request.GET.get(key)}
    if data:
        return ReportPeriodForm(data)
    period = report.Period.last_days()
    return ReportPeriodForm(initial={"from": period.start, "to": period.end})


def percent(value: float | None) -> str:
    """``0.125`` → ``12.5%``; nothing to divide → ``—``."""
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class Bar:
    """One day of the chart: the day's searches, with the no-result part at the bottom."""

    x: float
    y: float
    height: float
    empty_y: float
    empty_height: float
    day: report.Day


CHART_HEIGHT = 120


def chart_bars(days: list[report.Day]) -> list[Bar]:
    """Bars of the daily chart in SVG user units: one unit of width per day, ``CHART_HEIGHT``
    for the busiest day."""
    busiest = max((d.searches for d in days), default=0) or 1
    bars = []
    for index, day in enumerate(days):
        height = round(day.searches / busiest * CHART_HEIGHT, 2)
        empty = round(day.no_results / busiest * CHART_HEIGHT, 2)
        bars.append(Bar(x=index + 0.1, y=CHART_HEIGHT - height, height=height, empty_y=CHART_HEIGHT - empty,
                        empty_height=empty, day=day))
    return bars


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    """搜索统计: totals, top queries, no-result queries, daily counts and index status for a
    period.  Needs :data:`REPORT_PERMISSION`; the number of SQL queries does not depend on the
    number of logged searches (every figure is an aggregate; lists are paginated)."""

    template_name = "search/admin/report.html"
    page_title = "搜索统计"
    header_icon = "table"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _page(self, queryset: Any, param: str) -> PaginatorPage:
        paginator = Paginator(queryset, PER_PAGE)
        return paginator.get_page(self.request.GET.get(param))

    def _nav(self, page: PaginatorPage, param: str) -> dict[str, Any]:
        """Links to the previous and next page of one list, keeping the other parameters."""

        def url(number: int) -> str:
            query = self.request.GET.copy()
            query[param] = str(number)
            return "?" + query.urlencode()

        return {
            "number": page.number,
            "pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": url(page.next_page_number()) if page.has_next() else "",
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = period_form(self.request)
        period = form.period()
        totals = report.totals(period)
        top = self._page(report.top_queries(period), "top_page")
        top_rows = report.with_rates(list(top.object_list))
        for row in top_rows:
            row["click_through_display"] = percent(row["click_through"])
        empty = self._page(report.no_result_queries(period), "empty_page")
        empty_rows = list(empty.object_list)
        user = self.request.user
        links = {
            "terms": (reverse("wagtailsnippets_search_synonym:add"), user.has_perm("search.add_synonym")),
            "word": (reverse("wagtailsnippets_search_userword:add"), user.has_perm("search.add_userword")),
            "query": (reverse("wagtailsnippets_search_bestbet:add"), user.has_perm("search.add_bestbet")),
        }
        for row in empty_rows:
            row["add_synonym_url"] = _add_link(links["terms"], "terms", row["query"] + "，")
            row["add_word_url"] = _add_link(links["word"], "word", row["query"])
            row["add_best_bet_url"] = _add_link(links["query"], "query", row["query"])
        days = report.daily_counts(period)
        index = report.index_status()
        query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
        context.update(
            form=form,
            period=period,
            totals=totals,
            no_result_share=percent(totals.no_result_share),
            click_through=percent(totals.click_through),
            top_rows=top_rows,
            top_nav=self._nav(top, "top_page"),
            empty_rows=empty_rows,
            empty_nav=self._nav(empty, "empty_page"),
            days=days,
            bars=chart_bars(days),
            chart_width=len(days),
            chart_height=CHART_HEIGHT,
            busiest=max((d.searches for d in days), default=0),
            index=index,
            pending_is_late=bool(index.oldest_age and index.oldest_age > PENDING_LATE),
            export_url=reverse("search_report:export") + "?" + urlencode(query),
        )
        return context


def _add_link(target: tuple[str, bool], field: str, value: str) -> str:
    url, allowed = target
    return f"{url}?{urlencode({field: value})}" if allowed else ""


# --- export ------------------------------------------------------------------------------------


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A cell that holds ``value`` as text, never as a formula: queries come from the public,
    and ``=HYPERLINK(…)`` typed into the search box must not become a live formula in Excel."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value or ""))
    cell.data_type = "s"
    return cell


def _percent_cell(sheet: Any, value: float | None) -> WriteOnlyCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=round(value, 4))
    cell.number_format = "0.0%"
    return cell


TOP_HEADERS = ("搜索词", "搜索次数", "平均结果数", "点击次数", "有点击的搜索", "点击率")
EMPTY_HEADERS = ("搜索词", "搜索次数", "访客数", "最近搜索时间")


def write_report_xlsx(period: report.Period, output: IO[bytes] | str) -> None:
    """The report as .xlsx: sheets 概况 (totals), 热门搜索词 and 无结果搜索词 (all rows, up
    to :data:`MAX_EXPORT_ROWS`), each list with a header row.  Queries are written as text."""
    workbook = Workbook(write_only=True)
    totals = report.totals(period)

    summary = workbook.create_sheet("概况")
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 26
    summary.append(["统计区间", f"{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}"])
    summary.append(["搜索次数", totals.searches])
    summary.append(["访客数", totals.visitors])
    summary.append(["无结果搜索", totals.no_results])
    summary.append(["无结果占比", _percent_cell(summary, totals.no_result_share)])
    summary.append(["有点击的搜索", totals.clicked])
    summary.append(["点击率", _percent_cell(summary, totals.click_through)])

    top = workbook.create_sheet("热门搜索词")
    top.column_dimensions["A"].width = 30
    top.freeze_panes = "A2"
    append_header(top, TOP_HEADERS)
    for row in report.top_queries(period)[:MAX_EXPORT_ROWS].iterator():
        top.append([
            _text_cell(top, row["query"]), row["searches"], round(float(row["avg_results"] or 0), 1),
            row["clicks"], row["clicked"], _percent_cell(top, report.ratio(row["clicked"], row["searches"])),
        ])

    empty = workbook.create_sheet("无结果搜索词")
    empty.column_dimensions["A"].width = 30
    empty.column_dimensions["D"].width = 20
    empty.freeze_panes = "A2"
    append_header(empty, EMPTY_HEADERS)
    for row in report.no_result_queries(period)[:MAX_EXPORT_ROWS].iterator():
        last = timezone.localtime(row["last_searched"]).replace(tzinfo=None, microsecond=0)
        when = WriteOnlyCell(empty, value=last)
        when.number_format = "yyyy-mm-dd hh:mm"
        empty.append([_text_cell(empty, row["query"]), row["searches"], row["visitors"], when])

    workbook.save(output)


def export_report(request: HttpRequest) -> HttpResponse:
    """Download the report of the requested period (same ``from``/``to`` as the page) as
    .xlsx.  Without :data:`REPORT_PERMISSION`: a plain 403 (a download link should fail
    plainly, not redirect)."""
    if not can_view_report(request.user):
        return HttpResponseForbidden("您没有查看搜索统计的权限。", content_type="text/plain; charset=utf-8")
    period = period_form(request).period()
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_report_xlsx(period, output)
    output.seek(0)
    filename = f"search-report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
