"""Demo data of the service modules (告知承诺制, 跨省通办, 中介服务超市), built after the guides they link to."""

from __future__ import annotations

from collections.abc import Iterator


def build_service_modules() -> Iterator[str]:
    """Run each module's demo builder; yields summary lines."""
    from modules.commitments.demo import build_commitments_demo
    from modules.crossprovince.demo import build_crossprovince_demo
    from modules.marketplace.demo import build_marketplace_demo

    quiet = lambda line: None  # noqa: E731
    yield f"告知承诺事项和办件：新增 {build_commitments_demo(out=quiet)} 条"
    yield f"跨省通办事项和办件：新增 {build_crossprovince_demo(out=quiet)} 条"
    lines: list[str] = []
    created = build_marketplace_demo(out=lines.append)
    yield f"中介服务超市机构和项目：新增 {created} 个"
    yield from lines
