"""Module-level tasks used by the queue tests (django-tasks needs importable functions)."""

from django_tasks import task


@task()
def add_numbers(a: int, b: int) -> int:
    return a + b


@task()
def fail_always() -> None:
    raise ValueError("故意失败")
