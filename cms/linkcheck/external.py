"""Links to other sites: each URL fetched once, politely, with retries and Chinese reasons.

Rules of ``ExternalChecker.check_many``:

- Only ``http``/``https`` URLs are fetched; any other scheme (``ftp:`` …) is not checked and
  reported ok with the reason “未检查（仅检查 http/https 链接）”.  The ``#fragment`` is never sent,
  so URLs differing only by fragment are one fetch; anchors on other sites are not checked.
- Each distinct URL is checked once per call: ``HEAD`` first; when the answer to ``HEAD`` is
  an error (≥ 400, e.g. 405/501 from servers that refuse ``HEAD``, or a 403/404 from a firewall
  that only knows ``GET``) or the server drops a ``HEAD`` request, the same URL is asked with
  ``GET`` — streamed, the body never read — and that answer decides.
- Redirects (301/302/303/307/308) are followed, at most ``MAX_REDIRECTS`` (5) hops, each hop
  against its own host's limit; more is broken (“重定向次数过多”).
- Broken: a final status ≥ 400 (“HTTP 404”), a timeout (“连接超时”), an unknown host
  (“域名无法解析”), a refused connection (“连接被拒绝”), a certificate or TLS failure (“证书错误”),
  a connection dropped without an answer (“连接中断”), any other connection failure (“连接失败”),
  a URL that cannot be requested at all (no host, a bad port: “链接地址无效”).
- Retried, with exponential back-off (``backoff`` × 2^attempt, or the server's ``Retry-After``
  up to ``MAX_RETRY_AFTER`` seconds), up to ``retries`` more times: timeouts, refused or dropped
  connections, 5xx and 429.  Unknown hosts and certificate errors are not retried: they do not
  go away in seconds.
- At most ``per_host`` requests are in flight to one host name at any moment, and at most
  ``workers`` overall (a thread pool).  URLs are handed to the pool host by host in turn, so a
  host with many links never holds the workers of the others.
- A host found down (its name does not resolve, it refuses connections or does not accept them
  in time, its certificate is bad — after the retries) is not asked again in the same call: its
  URLs still waiting get the same result.  A slow answer or an HTTP error is the URL's own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    SSLError,
    TimeoutError,
)

from .results import LinkResult

DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; GongkaiLinkCheck/1.0; government website link check)"
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 10.0
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_CHECKED = "未检查（仅检查 http/https 链接）"
INVALID_URL = "链接地址无效"

#: Called after each URL is done with (url, result, done, total).
Progress = Callable[[str, LinkResult, int, int], None]


class _Failure(Exception):
    """A request that got no HTTP answer.

    ``retry``: trying again may help; ``host_down``: the failure is the host's, not the URL's (its
    name does not resolve, it refuses or does not accept connections, its certificate is bad).
    ``host`` is set by the request that failed.
    """

    def __init__(self, reason: str, retry: bool, host_down: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.retry, self.host_down = reason, retry, host_down
        self.host = ""


@dataclass
class _Answer:
    status: int
    retry_after: float | None = None


def request_url(url: str) -> str:
    """``url`` as sent on the wire: no fragment, IDNA host, percent-encoded path and query."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _failure_of(exc: BaseException) -> _Failure:
    """The Chinese reason of a urllib3 error, and whether it is worth retrying."""
    while True:
        if isinstance(exc, LocationValueError):
            return _Failure(INVALID_URL, retry=False)
        if isinstance(exc, NameResolutionError):
            return _Failure("域名无法解析", retry=False, host_down=True)
        if isinstance(exc, SSLError):
            return _Failure("证书错误", retry=False, host_down=True)
        if isinstance(exc, NewConnectionError):  # before TimeoutError: urllib3 makes it a subclass of it
            if isinstance(exc.__cause__ or exc.__context__, ConnectionRefusedError) or "refused" in str(exc).lower():
                return _Failure("连接被拒绝", retry=True, host_down=True)
            if "timed out" in str(exc).lower():
                return _Failure("连接超时", retry=True, host_down=True)
            return _Failure("连接失败", retry=True, host_down=True)
        if isinstance(exc, ConnectTimeoutError):
            return _Failure("连接超时", retry=True, host_down=True)
        if isinstance(exc, TimeoutError):
            return _Failure("连接超时", retry=True)
        if isinstance(exc, ProtocolError):
            return _Failure("连接中断", retry=True)
        reason = getattr(exc, "reason", None)
        if isinstance(reason, BaseException) and reason is not exc:
            exc = reason  # MaxRetryError and friends wrap the real cause
            continue
        return _Failure("连接失败", retry=True)


class ExternalChecker:
    """Checks links to other sites over HTTP(S); one instance can serve many ``check_many`` calls."""

    def __init__(
        self,
        timeout: float = 10.0,
        retries: int = 2,
        per_host: int = 2,
        workers: int = 16,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        backoff: float = 0.5,
    ) -> None:
        if per_host < 1 or workers < 1 or retries < 0:
            raise ValueError("per_host、workers 须为正数，retries 不能为负数。")
        self.timeout, self.retries, self.per_host, self.workers = timeout, retries, per_host, workers
        self.user_agent, self.backoff = user_agent, backoff
        self._pool = urllib3.PoolManager(
            num_pools=max(64, workers * 4),
            maxsize=per_host,
            block=False,
            retries=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            headers={"User-Agent": user_agent, "Accept": "*/*", "Accept-Encoding": "identity"},
        )
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()

    # --- one URL ------------------------------------------------------------------------------

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._slots_lock:
            slot = self._host_slots.get(host)
            if slot is None:
                slot = self._host_slots[host] = threading.BoundedSemaphore(self.per_host)
            return slot

    def _request(self, method: str, url: str) -> tuple[_Answer, str | None]:
        """One request (no redirect following): the answer and the absolute ``Location`` if any."""
        with self._slot(host_of(url)):
            try:
                response = self._pool.request(method, url, redirect=False, preload_content=False)
            except HTTPError as exc:
                failure = _failure_of(exc)
                failure.host = host_of(url)
                raise failure from exc
            try:
                location = response.headers.get("Location")
                answer = _Answer(response.status, _seconds(response.headers.get("Retry-After")))
            finally:
                if method == "HEAD":
                    response.drain_conn()  # no body: the connection is kept for the next request
                else:
                    response.close()  # a GET body is never read: drop the connection instead
                response.release_conn()
        return answer, (urljoin(url, location) if location else None)

    def _follow(self, method: str, url: str) -> _Answer:
        """``url`` asked with ``method``, following redirects up to ``MAX_REDIRECTS`` hops."""
        seen = 0
        while True:
            answer, location = self._request(method, url)
            if answer.status not in REDIRECT_STATUSES or not location:
                return answer
            seen += 1
            if seen > MAX_REDIRECTS or urlsplit(location).scheme.lower() not in ("http", "https"):
                raise _Failure("重定向次数过多" if seen > MAX_REDIRECTS else "重定向到非 HTTP 地址", retry=False)
            url = request_url(location)

    def check_one(self, url: str) -> LinkResult:
        """Check a single URL (no de-duplication; ``check_many`` is the usual entry point)."""
        return self._check(url)[0]

    def _check(self, url: str) -> tuple[LinkResult, str]:
        """The result for ``url`` and, when the failure was its host's, that host (else "")."""
        try:
            if urlsplit(url).scheme.lower() not in ("http", "https"):
                return LinkResult(True, None, NOT_CHECKED), ""
            target = request_url(url)
            if not host_of(target):
                return LinkResult(False, None, INVALID_URL), ""
        except ValueError:  # a port that is not a number, a broken IPv6 address ...
            return LinkResult(False, None, INVALID_URL), ""
        method = "HEAD"
        attempt = 0
        while True:
            wait_for: float | None = None
            try:
                try:
                    answer = self._follow(method, target)
                except _Failure as failure:
                    if method != "HEAD" or failure.reason != "连接中断":
                        raise
                    method = "GET"  # a server that drops HEAD requests
                    answer = self._follow(method, target)
                if method == "HEAD" and answer.status >= 400:
                    method = "GET"  # HEAD refused or unreliable: GET decides, on later attempts too
                    answer = self._follow(method, target)
            except _Failure as failure:
                if not failure.retry or attempt >= self.retries:
                    return LinkResult(False, None, failure.reason), (failure.host if failure.host_down else "")
            else:
                if answer.status < 400:
                    return LinkResult(True, answer.status, ""), ""
                if not (answer.status >= 500 or answer.status == 429) or attempt >= self.retries:
                    return LinkResult(False, answer.status, f"HTTP {answer.status}"), ""
                wait_for = answer.retry_after
            attempt += 1
            delay = self.backoff * (2 ** (attempt - 1)) if wait_for is None else min(wait_for, MAX_RETRY_AFTER)
            time.sleep(delay)

    # --- many URLs ----------------------------------------------------------------------------

    def check_many(self, urls: Iterable[str], progress: Progress | None = None) -> dict[str, LinkResult]:
        """Check every URL of ``urls``; the answer maps each given URL to its result.

        URLs that differ only by their ``#fragment`` share one fetch.
        """
        by_target: dict[str, list[str]] = {}
        for url in urls:
            key = url.split("#", 1)[0]
            by_target.setdefault(key, [])
            if url not in by_target[key]:
                by_target[key].append(url)
        total = len(by_target)
        queues: OrderedDict[str, deque[str]] = OrderedDict()
        for target in by_target:
            queues.setdefault(host_of(target), deque()).append(target)

        results: dict[str, LinkResult] = {}
        running: dict[str, int] = {}
        down: dict[str, LinkResult] = {}  # hosts found down in this call, with their failure
        futures: dict[Future, tuple[str, str]] = {}
        done_count = 0

        def finish(target: str, result: LinkResult) -> None:
            nonlocal done_count
            done_count += 1
            for url in by_target[target]:
                results[url] = result
                if progress is not None:
                    progress(url, result, done_count, total)

        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="linkcheck-external") as pool:

            def fill() -> None:
                # Host by host in turn, never more than per_host of one host's URLs at once.
                for host in list(queues):
                    queue = queues[host]
                    if host in down:  # the host is down: its other URLs share its failure, unfetched
                        while queue:
                            finish(queue.popleft(), down[host])
                    while queue and len(futures) < self.workers and running.get(host, 0) < self.per_host:
                        target = queue.popleft()
                        futures[pool.submit(self._check, target)] = (target, host)
                        running[host] = running.get(host, 0) + 1
                    if not queue:
                        del queues[host]
                    else:
                        queues.move_to_end(host)
                    if len(futures) >= self.workers:
                        return

            fill()
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in finished:
                    target, host = futures.pop(future)
                    running[host] -= 1
                    result, down_host = future.result()
                    if down_host and down_host == host:
                        down.setdefault(host, result)
                    finish(target, result)
                fill()
        return results

    def close(self) -> None:
        self._pool.clear()


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None  # an HTTP date: fall back to the usual back-off
