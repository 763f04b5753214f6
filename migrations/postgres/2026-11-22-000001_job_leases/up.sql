-- Jobs that must run once across all nodes claim this row first (see src/jobs/). PostgreSQL
-- dialect; keep in step with ../../sqlite/.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL DEFAULT '',
    leased_until TIMESTAMP NOT NULL,
    next_run_at TIMESTAMP NOT NULL
);
