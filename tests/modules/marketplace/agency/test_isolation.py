"""Two agencies: each sees only its own sign-ups, quotes, contracts, results, evaluations and files."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.marketplace.models import Contract, ServiceResult, SignUp
from modules.marketplace.services.contracts import evaluate, upload_contract, upload_result
from modules.marketplace.services.projects import complete_service, confirm_contract, sign_up, start_service

from .helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(decided_project, agency_b, contributor_a):
    """B (selected) recorded its contract, served, uploaded a result and was evaluated."""
    today = timezone.localdate()
    contract = upload_contract(decided_project, agency_b, {"number": "HT-2026-018", "amount": Decimal("80000"),
                                                           "starts_on": today, "ends_on": today + datetime.timedelta(days=60)},
                               pdf("合同.pdf"))
    confirm_contract(contract, contributor_a)
    start_service(decided_project, contributor_a)
    upload_result(decided_project, agency_b, "1:500 地形图成果", pdf("成果.pdf"), "含 DWG 数据说明")
    complete_service(decided_project, contributor_a)
    evaluate(decided_project, contributor_a, {"quality": 5, "timeliness": 4, "attitude": 5, "fees": 4, "conduct": 5},
             "按期交付，成果质量好。")
    return decided_project


def test_signups_of_another_agency_are_not_found(client_a, client_b, agency_a, agency_b, bidding_project):
    mine = sign_up(bidding_project, agency_a)
    theirs = sign_up(bidding_project, agency_b)
    assert client_a.get(f"/marketplace/agency/signups/{mine.pk}/").status_code == 200
    assert client_a.get(f"/marketplace/agency/signups/{theirs.pk}/").status_code == 404
    response = client_a.post(f"/marketplace/agency/signups/{theirs.pk}/quote/", {"value": "1", "confirm": "1"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.sealed_quote == ""
    assert client_a.post(f"/marketplace/agency/signups/{theirs.pk}/withdraw/").status_code == 404
    assert SignUp.objects.filter(pk=theirs.pk).exists()
    listing = client_a.get("/marketplace/agency/signups/").content.decode()
    assert f"/marketplace/agency/signups/{mine.pk}/" in listing
    assert f"/marketplace/agency/signups/{theirs.pk}/" not in listing


def test_only_the_selected_agency_reaches_the_selection(client_a, client_b, decided_project):
    url = f"/marketplace/agency/selections/{decided_project.pk}/"
    assert client_b.get(url).status_code == 200
    assert client_a.get(url).status_code == 404
    assert decided_project.title not in client_a.get("/marketplace/agency/selections/").content.decode()
    today = timezone.localdate().isoformat()
    response = client_a.post(f"{url}contract/", {"contract-number": "X", "contract-amount": "1",
                                                 "contract-starts_on": today, "contract-ends_on": today,
                                                 "contract-signed_file": pdf("合同.pdf")})
    assert response.status_code == 404 and not Contract.objects.exists()
    response = client_a.post(f"{url}results/", {"result-title": "X", "result-file": pdf("成果.pdf")})
    assert response.status_code == 404 and not ServiceResult.objects.exists()


def test_the_losing_agency_sees_it_was_not_selected(client_a, agency_a, decided_project):
    signup = SignUp.objects.get(project=decided_project, agency=agency_a)
    html = client_a.get(f"/marketplace/agency/signups/{signup.pk}/").content.decode()
    assert "未中选" in html and "88000.00 元" in html  # its own quote, opened at the deadline
    assert "80000" not in html  # the winner's quote is not shown in the agency area


def test_files_are_served_to_their_owner_only(client_a, client_b, agency_a, agency_b, served):
    own = agency_a.qualifications.get()
    response = client_a.get(f"/marketplace/agency/files/certificate/{own.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_a.get("/marketplace/agency/files/licence/").status_code == 200

    theirs = agency_b.qualifications.get()
    contract = Contract.objects.get(project=served)
    result = ServiceResult.objects.get(project=served)
    for url in (f"/marketplace/agency/files/certificate/{theirs.pk}/", f"/marketplace/agency/files/contract/{contract.pk}/",
                f"/marketplace/agency/files/result/{result.pk}/", "/marketplace/agency/files/other/1/"):
        assert client_a.get(url).status_code == 404, url
    for url in (f"/marketplace/agency/files/contract/{contract.pk}/", f"/marketplace/agency/files/result/{result.pk}/"):
        assert client_b.get(url).status_code == 200, url


def test_qualifications_of_another_agency_cannot_be_changed(client_a, agency_b):
    theirs = agency_b.qualifications.get()
    assert client_a.get(f"/marketplace/agency/qualifications/{theirs.pk}/change/").status_code == 404
    response = client_a.post(f"/marketplace/agency/qualifications/{theirs.pk}/change/", {
        "category": theirs.category_id, "name": "篡改", "certificate_number": "X", "expires_on": "2030-01-01",
        "certificate": pdf("证书.pdf")})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "篡改"


def test_evaluations_are_seen_by_the_evaluated_agency_only(client_a, client_b, served):
    mine = client_b.get("/marketplace/agency/evaluations/").content.decode()
    assert "按期交付，成果质量好。" in mine and served.title in mine
    others = client_a.get("/marketplace/agency/evaluations/").content.decode()
    assert "按期交付，成果质量好。" not in others and "还没有业主评价" in others
