"""Demo data of the service modules (告知承诺制, 跨省通办), built after the guides they link to."""

from __future__ import annotations

from collections.abc import Iterator


def build_service_modules() -> Iterator[str]:
    """Run each module's demo builder; yields one summary line per module."""
    from modules.commitments.demo import build_commitments_demo
    from modules.crossprovince.demo import build_crossprovince_demo

    quiet = lambda line: None  # noqa: E731
    yield f"告知承诺事项和办件：新增 {build_commitments_demo(out=quiet)} 条"
    yield f"跨省通办事项和办件：新增 {build_crossprovince_demo(out=quiet)} 条"
