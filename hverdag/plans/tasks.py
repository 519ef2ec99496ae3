"""Background jobs of the plans context."""

from __future__ import annotations

from celery import shared_task

from hverdag.plans.jobs import reap_stale_jobs, run_job


# acks_late: a worker that dies mid-solve leaves the message for another worker, which finds
# the job no longer queued and leaves it to the reaper (the job runs at most once).
@shared_task(name="plans.run_optimisation", acks_late=True)
def run_optimisation_task(job_id: int) -> str:
    return run_job(job_id)


@shared_task(name="plans.reap_stale_jobs")
def reap_stale_jobs_task() -> int:
    return reap_stale_jobs()
