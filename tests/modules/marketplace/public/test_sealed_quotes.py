"""A sealed quote never appears on a public page, nor in the open data or the search, before the
deadline: a quote is planted in a project open for sign-ups and every public URL is grepped."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from modules.marketplace.models import Project, SignUp
from modules.marketplace.services.projects import close_signup
from search.outbox import drain
from search.service import SearchRequest, search

from .conftest import OPEN_QUOTE


def public_urls(market) -> list[str]:
    urls = ["/marketplace/", "/marketplace/?state=signup", "/marketplace/agencies/", "/marketplace/statistics/",
            "/marketplace/lottery/", "/marketplace/ocds.json", "/search/?q=管线普查", "/api/search?q=管线普查"]
    for project in (market.lottery, market.bidding, market.merit, market.direct, market.void, market.open):
        urls += [f"/marketplace/projects/{project.pk}/", f"/marketplace/projects/{project.pk}/ocds.json"]
        if project.state in ("selected", "void"):
            urls.append(f"/marketplace/projects/{project.pk}/result/")
    urls += [f"/marketplace/agencies/{agency.pk}/" for agency in market.agencies]
    return urls


def forms_of(value) -> set[str]:
    """The ways a quote could be written: 76543.21, 76,543.21, 7654321 (cents), 76543.2100 …"""
    text = format(value, "f")
    whole, _, cents = text.partition(".")
    return {text, f"{int(whole):,}.{cents}", whole + cents, f"{value:.4f}", f"{float(value)}"}


def test_a_planted_quote_is_on_no_public_page_before_the_deadline(client, market):
    signup = SignUp.objects.get(pk=market.open_signup.pk)
    assert signup.sealed_quote and signup.opened_quote is None
    drain()  # the open project is in the search index too
    needles = forms_of(OPEN_QUOTE) | {signup.sealed_quote, signup.sealed_quote[:40], market.open.lottery_secret}
    for url in public_urls(market):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for needle in needles:
            assert needle not in body, f"{needle} on {url}"
    results = search(SearchRequest(q="管线普查")).results
    assert [r.title for r in results] == [market.open.title]
    assert not any(n in str(results[0].snippet) for n in needles)


def test_the_open_data_names_no_tenderer_before_the_deadline(client, market):
    package = json.loads(client.get(f"/marketplace/projects/{market.open.pk}/ocds.json").content)
    (release,) = package["releases"]
    assert release["tag"] == ["tender"]
    assert "tenderers" not in release["tender"] and "numberOfTenderers" not in release["tender"]
    assert [p["roles"] for p in release["parties"]] == [["buyer", "procuringEntity"], ["reviewBody"]]
    assert market.agencies[0].credit_code not in json.dumps(package)


def test_after_the_deadline_the_opened_quote_is_public(client, market):
    now = timezone.now()
    Project.objects.filter(pk=market.open.pk).update(signup_deadline=now - datetime.timedelta(minutes=1),
                                                     selection_at=now + datetime.timedelta(hours=1))
    close_signup(market.open, now=now)
    html = client.get(f"/marketplace/projects/{market.open.pk}/").content.decode()
    assert market.agencies[0].name in html  # who signed up is public now
    signup = SignUp.objects.get(pk=market.open_signup.pk)
    assert signup.opened_quote == OPEN_QUOTE
    for url in public_urls(market):
        assert signup.sealed_quote not in client.get(url).content.decode(), url
