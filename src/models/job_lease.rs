//! Leases on jobs that must run once across all nodes: one row per job saying which node
//! holds it, until when, and when it is next due. A node runs such a job only after claiming
//! its row, so two nodes never run it for the same period, and a node that dies holding a
//! lease loses it when the lease runs out.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::job_leases;

/// A `job_leases` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_leases)]
pub struct JobLease {
    /// The job's name.
    pub name: String,
    /// The node that holds (or last held) it; empty before anyone has.
    pub holder: String,
    /// Until when the holder may run it; another node may claim it after that.
    pub leased_until: NaiveDateTime,
    /// When it is next due.
    pub next_run_at: NaiveDateTime,
}

impl JobLease {
    /// Makes sure the job has a row, due at `now` if it is new.
    pub(crate) fn ensure(
        conn: &mut AnyConnection,
        name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        // Every node does this at start-up; whoever is first creates the row.
        crate::with_conn!(conn, |c| diesel::insert_into(job_leases::table)
            .values((
                job_leases::name.eq(name),
                job_leases::holder.eq(""),
                job_leases::leased_until.eq(now),
                job_leases::next_run_at.eq(now),
            ))
            .on_conflict(job_leases::name)
            .do_nothing()
            .execute(c))?;
        Ok(())
    }

    /// Every job's row, by name (for `/metrics`).
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<JobLease>> {
        job_leases::table
            .order(job_leases::name)
            .select(JobLease::as_select())
            .load(conn)
    }

    /// The job's row.
    pub fn find(conn: &mut AnyConnection, name: &str) -> QueryResult<Option<JobLease>> {
        job_leases::table
            .find(name)
            .select(JobLease::as_select())
            .first(conn)
            .optional()
    }

    /// Claims the job for `holder` until `until`, if it is due at `now` and nobody holds it;
    /// `true` if this node may now run it. One UPDATE, so two nodes cannot both succeed.
    pub(crate) fn claim(
        conn: &mut AnyConnection,
        name: &str,
        holder: &str,
        now: NaiveDateTime,
        until: NaiveDateTime,
    ) -> QueryResult<bool> {
        let claimed = diesel::update(
            job_leases::table
                .find(name)
                .filter(job_leases::next_run_at.le(now))
                .filter(job_leases::leased_until.le(now)),
        )
        .set((
            job_leases::holder.eq(holder),
            job_leases::leased_until.eq(until),
        ))
        .execute(conn)?;
        Ok(claimed == 1)
    }

    /// Gives the lease back after a run and sets when the job is next due; `false` if the
    /// lease had run out and another node took it meanwhile.
    pub(crate) fn release(
        conn: &mut AnyConnection,
        name: &str,
        holder: &str,
        now: NaiveDateTime,
        next_run_at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let released = diesel::update(
            job_leases::table
                .find(name)
                .filter(job_leases::holder.eq(holder)),
        )
        .set((
            job_leases::leased_until.eq(now),
            job_leases::next_run_at.eq(next_run_at),
        ))
        .execute(conn)?;
        Ok(released == 1)
    }
}
