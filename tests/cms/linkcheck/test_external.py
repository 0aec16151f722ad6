"""ExternalChecker against a real local HTTP server: methods, retries, redirects, limits, reasons."""

from __future__ import annotations

import time

import pytest
from urllib3.exceptions import NameResolutionError

from cms.linkcheck.external import DEFAULT_USER_AGENT, NOT_CHECKED, ExternalChecker, _failure_of, request_url
from cms.linkcheck.localserver import LocalHTTPServer, closed_port
from cms.linkcheck.results import LinkResult


def checker(**options) -> ExternalChecker:
    options.setdefault("timeout", 2.0)
    options.setdefault("backoff", 0.01)
    return ExternalChecker(**options)


def test_a_working_url_costs_one_head_and_duplicates_and_fragments_share_it(http_server):
    ok = http_server.url("/ok/a")
    results = checker().check_many([ok, ok, ok + "#top-anchor", ok + "#x"])
    assert set(results) == {ok, ok + "#top-anchor", ok + "#x"}
    assert all(result == LinkResult(True, 200, "") for result in results.values())
    assert http_server.counts == {("HEAD", "/ok/a"): 1}
    assert http_server.user_agents == {DEFAULT_USER_AGENT}


def test_an_error_to_head_is_asked_again_with_get_which_decides(http_server):
    results = checker().check_many([http_server.url("/status/404"), http_server.url("/no-head/a")])
    assert results[http_server.url("/status/404")] == LinkResult(False, 404, "HTTP 404")
    assert results[http_server.url("/no-head/a")] == LinkResult(True, 200, "")
    assert http_server.counts == {
        ("HEAD", "/status/404"): 1, ("GET", "/status/404"): 1,
        ("HEAD", "/no-head/a"): 1, ("GET", "/no-head/a"): 1,
    }


def test_server_errors_are_retried_with_get_until_the_server_recovers(http_server):
    url = http_server.url("/flaky/2/a")  # 500 to the first two requests, then 200
    assert checker(retries=2).check_many([url])[url] == LinkResult(True, 200, "")
    assert http_server.counts == {("HEAD", "/flaky/2/a"): 1, ("GET", "/flaky/2/a"): 2}


def test_a_server_error_that_stays_is_broken_after_the_retries(http_server):
    url = http_server.url("/status/503")
    assert checker(retries=2).check_many([url])[url] == LinkResult(False, 503, "HTTP 503")
    assert http_server.counts == {("HEAD", "/status/503"): 1, ("GET", "/status/503"): 3}


def test_client_errors_are_not_retried_but_429_is(http_server):
    gone, limited = http_server.url("/status/410"), http_server.url("/ratelimit/2/a")
    results = checker(retries=2).check_many([gone, limited])
    assert results[gone] == LinkResult(False, 410, "HTTP 410")
    assert results[limited] == LinkResult(True, 200, "")
    assert http_server.requests_to("/status/410") == 2  # HEAD, GET: no retry
    assert http_server.requests_to("/ratelimit/2/a") == 3  # HEAD 429, GET 429, GET 200


def test_retries_back_off_exponentially(http_server):
    url = http_server.url("/status/500")
    started = time.monotonic()
    checker(retries=2, backoff=0.2).check_many([url])
    assert time.monotonic() - started >= 0.2 + 0.4


def test_a_slow_server_is_a_timeout_after_the_retries(http_server):
    url = http_server.url("/slow/3/a")
    started = time.monotonic()
    assert checker(timeout=0.3, retries=1).check_many([url])[url] == LinkResult(False, None, "连接超时")
    assert time.monotonic() - started < 2.5
    assert http_server.counts == {("HEAD", "/slow/3/a"): 2}


def test_redirect_chains_are_followed_up_to_five_hops(http_server):
    five, six = http_server.url("/redirect/5/a"), http_server.url("/redirect/6/b")
    loop, to_missing = http_server.url("/loop/c"), http_server.url("/to/status/404")
    results = checker().check_many([five, six, loop, to_missing])
    assert results[five] == LinkResult(True, 200, "")
    assert results[six] == LinkResult(False, None, "重定向次数过多")
    assert results[loop] == LinkResult(False, None, "重定向次数过多")
    assert results[to_missing] == LinkResult(False, 404, "HTTP 404")
    assert http_server.counts[("HEAD", "/redirect/0/a")] == 1
    assert http_server.requests_to("/redirect/0/b") == 0


def test_refused_connections_and_tls_failures_have_chinese_reasons(http_server):
    refused = f"http://127.0.0.1:{closed_port()}/x"
    tls = f"https://127.0.0.1:{http_server.port}/ok/tls"  # TLS spoken to a plain HTTP server
    results = checker(retries=0).check_many([refused, tls])
    assert results[refused] == LinkResult(False, None, "连接被拒绝")
    assert results[tls] == LinkResult(False, None, "证书错误")


def test_a_host_found_down_is_not_asked_again_in_the_same_call():
    port = closed_port()
    urls = [f"http://127.0.0.1:{port}/page/{n}" for n in range(6)]
    started = time.monotonic()
    results = checker(retries=2, backoff=0.3, per_host=2).check_many(urls)
    elapsed = time.monotonic() - started
    assert all(result == LinkResult(False, None, "连接被拒绝") for result in results.values())
    # the first two URLs retry for 0.3 + 0.6 s; fetching the other four as well would take twice more
    assert 0.85 <= elapsed < 1.7


def test_slow_pages_are_each_their_own_url_not_a_host_failure(http_server):
    urls = [http_server.url(f"/slow/2/{n}") for n in range(4)]
    results = checker(timeout=0.3, retries=0).check_many(urls)
    assert all(result == LinkResult(False, None, "连接超时") for result in results.values())
    assert http_server.counts == {("HEAD", f"/slow/2/{n}"): 1 for n in range(4)}


def test_a_dropped_connection_is_broken(http_server):
    url = http_server.url("/close")
    assert checker(retries=1).check_many([url])[url] == LinkResult(False, None, "连接中断")


def test_unknown_host_names_are_reported_as_such_and_not_retried():
    error = NameResolutionError("nosuch.invalid", None, OSError("Name or service not known"))
    failure = _failure_of(error)
    assert (failure.reason, failure.retry) == ("域名无法解析", False)


def test_only_http_and_https_are_fetched(http_server):
    upper = f"HTTP://127.0.0.1:{http_server.port}/ok/case"
    results = checker().check_many(["ftp://ftp.yunxi.gov.cn/a.pdf", upper])
    assert results["ftp://ftp.yunxi.gov.cn/a.pdf"] == LinkResult(True, None, NOT_CHECKED)
    assert results[upper].ok
    assert http_server.counts == {("HEAD", "/ok/case"): 1}


def test_never_more_than_per_host_requests_in_flight_to_one_host(http_server):
    urls = [http_server.url(f"/slow/0.2/{n}") for n in range(12)]
    started = time.monotonic()
    results = checker(per_host=2, workers=8).check_many(urls)
    elapsed = time.monotonic() - started
    assert all(result.ok for result in results.values())
    assert http_server.max_in_flight == 2
    assert elapsed >= 12 / 2 * 0.2 * 0.95
    assert sum(http_server.counts.values()) == 12


def test_the_worker_pool_bounds_the_requests_in_flight_across_hosts(http_server):
    with LocalHTTPServer("127.0.0.2") as other:
        urls = [server.url(f"/slow/0.2/{n}") for n in range(8) for server in (http_server, other)]
        started = time.monotonic()
        results = checker(per_host=3, workers=4).check_many(urls)
        elapsed = time.monotonic() - started
        assert all(result.ok for result in results.values())
        assert 2 <= http_server.max_in_flight <= 3 and 2 <= other.max_in_flight <= 3  # both hosts at once
        # 16 requests of 0.2 s: at most 4 at a time takes ≥ 0.8 s (6 at a time would take 0.6 s).
        assert elapsed >= 16 / 4 * 0.2 * 0.95


def test_urls_that_cannot_be_requested_are_invalid_without_a_request():
    bad = ["http://[::1/x", "http://127.0.0.1:port/x", "http:///nohost"]
    results = checker().check_many(bad)
    assert {url: result for url, result in results.items()} == {url: LinkResult(False, None, "链接地址无效") for url in bad}


def test_progress_is_reported_for_every_url(http_server):
    seen = []
    urls = [http_server.url("/ok/1"), http_server.url("/ok/1#a"), http_server.url("/status/404")]
    checker().check_many(urls, progress=lambda url, result, done, total: seen.append((url, result.ok, total)))
    assert sorted(seen) == sorted([(urls[0], True, 2), (urls[1], True, 2), (urls[2], False, 2)])


def test_urls_are_sent_encoded_without_fragment():
    assert request_url("http://例子.中国/政策 文件/?q=招生#第一") == (
        "http://xn--fsqu00a.xn--fiqs8s/%E6%94%BF%E7%AD%96%20%E6%96%87%E4%BB%B6/?q=%E6%8B%9B%E7%94%9F"
    )


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        ExternalChecker(per_host=0)
