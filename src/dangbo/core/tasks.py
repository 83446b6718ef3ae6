"""Thin task wrappers: ids in, call the job runner."""

from django_tasks import task

from .jobs import execute_job


@task()
def run_job(job_id: int) -> None:
    execute_job(job_id)
