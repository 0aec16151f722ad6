"""Published projects are found by the site search (group 中介服务); drafts are not; the index
follows the project through its states."""

from __future__ import annotations

from modules.marketplace.models import SelectionMethod
from modules.marketplace.services.projects import close_signup, run_selection, sign_up
from search.outbox import drain
from search.registry import types
from search.service import SearchRequest, search
from tests.modules.marketplace.conftest import DEADLINE, SELECTION_AT, T0


def titles(q: str) -> list[str]:
    return [r.title for r in search(SearchRequest(q=q)).results]


def exact(q: str) -> list[str]:
    """Titles of the results that match every word of ``q`` (none when the search had to relax)."""
    response = search(SearchRequest(q=q))
    return [] if response.relaxed or response.corrected else [r.title for r in response.results]


def test_projects_are_registered_in_the_marketplace_group():
    searchable = types()["marketplace_project"]
    assert searchable.group == "中介服务" and searchable.label == "中介服务项目公告"


def test_a_citizen_searching_the_category_finds_the_notice(project_factory, categories, dept_a):
    project = project_factory(SelectionMethod.LOTTERY, title="城关镇地籍调查项目")
    draft = project_factory(SelectionMethod.DIRECT, title="地籍调查草稿项目", publish=False)
    other = project_factory(SelectionMethod.LOTTERY, title="城关镇房屋安全鉴定项目", category=categories["testing"])
    drain()
    found = search(SearchRequest(q="测绘")).results
    assert [r.title for r in found] == [project.title]
    assert found[0].url == f"/marketplace/projects/{project.pk}/"
    assert found[0].group == "中介服务" and found[0].department == dept_a.name
    assert draft.title not in titles("地籍调查")
    assert titles("检测") == [other.title]
    assert titles(project.number) == [project.title]


def test_the_index_follows_the_state_and_the_winner(project_factory, agencies):
    project = project_factory(SelectionMethod.LOTTERY, title="乡村振兴示范村规划测量")
    drain()
    assert titles("乡村振兴示范村") == [project.title]
    assert all(exact(agency.name) == [] for agency in agencies)
    for i, agency in enumerate(agencies):
        sign_up(project, agency, now=T0.replace(hour=10 + i))
    close_signup(project, now=DEADLINE)
    selection = run_selection(project, now=SELECTION_AT)
    drain()
    assert exact(selection.agency.name) == [project.title]  # the winner is in the indexed notice


def test_a_renamed_category_is_reindexed(project_factory, survey):
    project = project_factory(SelectionMethod.LOTTERY, title="水库淹没区界桩测量")
    drain()
    assert exact("界址勘定") == []
    survey.name = "界址勘定"
    survey.save()
    drain()
    assert exact("界址勘定") == [project.title]
