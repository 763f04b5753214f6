//! Background jobs inside `convene serve`: work that runs on a schedule, on every node, or
//! once across all nodes through a lease row in the database (`models::job_lease`), with a
//! clean shutdown that lets a running job finish.
//!
//! A job is a name, a period, where it runs, and a blocking function of the [`AppState`]. Its
//! writes go through `services` like any other. Add a job to [`all`]: maintenance, mail
//! delivery and digests are there. Time is passed in (`Runner::run_due`), so tests
//! can step through periods without waiting.

pub mod digest;
pub mod mail;
pub mod maintenance;
pub mod reading;
pub mod reminders;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::app::AppState;
use crate::models::job_lease::JobLease;

/// Where a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// On every node, each on its own schedule (work about the node itself).
    OnEveryNode,
    /// Once per period across all nodes: the node that claims the job's lease runs it.
    OnceAcrossNodes {
        /// How long a run may take before another node may assume this one died.
        lease: Duration,
    },
}

/// A job's work: blocking, given the forum's state. Errors are logged and the job is tried
/// again next period.
pub type Work = Arc<dyn Fn(&AppState) -> anyhow::Result<()> + Send + Sync>;

/// A scheduled piece of work.
#[derive(Clone)]
pub struct Job {
    /// Its name, unique; also its lease row's key.
    pub name: &'static str,
    /// How often it runs.
    pub every: Duration,
    /// Where it runs.
    pub runs: Runs,
    /// What it does.
    pub work: Work,
}

/// The jobs every `convene serve` runs.
pub fn all(config: &crate::config::Config) -> Vec<Job> {
    vec![
        maintenance::job(),
        mail::job(config),
        digest::job(),
        reading::job(config),
        reminders::job(),
    ]
}

/// The longest a node waits before looking at a once-across-nodes job's lease again, so it
/// notices when another node's schedule or a dead node's lease frees the job.
const POLL_AT_MOST: Duration = Duration::from_secs(60);

/// Runs jobs for one node.
pub struct Runner {
    state: AppState,
    node: String,
    jobs: Vec<Job>,
    /// When each every-node job is next due on this node.
    next_local: Mutex<HashMap<&'static str, NaiveDateTime>>,
}

impl Runner {
    /// A runner for `jobs` on this node, named `node` in the leases it takes.
    pub fn new(state: AppState, node: impl Into<String>, jobs: Vec<Job>) -> Runner {
        Runner {
            state,
            node: node.into(),
            jobs,
            next_local: Mutex::new(HashMap::new()),
        }
    }

    /// A name for this process that no other node shares.
    pub fn node_name() -> String {
        let random = crate::auth::token::generate().unwrap_or_default();
        format!(
            "node-{}-{}",
            std::process::id(),
            random.get(..8).unwrap_or("0")
        )
    }

    /// Runs every job that is due at `now` and that this node may run; returns their names.
    /// Blocking: the async loop calls it on the blocking pool, tests call it directly.
    pub fn run_due(&self, now: NaiveDateTime) -> anyhow::Result<Vec<&'static str>> {
        let mut ran = Vec::new();
        for job in &self.jobs {
            if self.tick(job, now)?.ran {
                ran.push(job.name);
            }
        }
        Ok(ran)
    }

    /// Runs `job` if it is due at `now`; says whether it ran and when to look again.
    fn tick(&self, job: &Job, now: NaiveDateTime) -> anyhow::Result<Tick> {
        let every = chrono::Duration::from_std(job.every)?;
        match job.runs {
            Runs::OnEveryNode => {
                let due = {
                    let mut next = self
                        .next_local
                        .lock()
                        .map_err(|_| anyhow::anyhow!("poisoned"))?;
                    let due_at = *next.entry(job.name).or_insert(now);
                    if due_at <= now {
                        next.insert(job.name, now + every);
                    }
                    due_at
                };
                if due > now {
                    return Ok(Tick::after(false, due - now));
                }
                self.perform(job);
                Ok(Tick::after(true, every))
            }
            Runs::OnceAcrossNodes { lease } => {
                let lease = chrono::Duration::from_std(lease)?;
                // Look first (a read); take the write connection only to claim a due job.
                let row = JobLease::find(&mut *self.state.db.read_conn()?, job.name)?;
                let row = match row {
                    Some(row) => row,
                    None => {
                        let mut conn = self.state.db.write_conn()?;
                        JobLease::ensure(&mut conn, job.name, now)?;
                        JobLease::find(&mut conn, job.name)?.ok_or_else(|| {
                            anyhow::anyhow!("the lease row of job {} vanished", job.name)
                        })?
                    }
                };
                let free_at = row.next_run_at.max(row.leased_until);
                if free_at > now {
                    return Ok(Tick::after(false, free_at - now));
                }
                let claimed = {
                    let mut conn = self.state.db.write_conn()?;
                    JobLease::claim(&mut conn, job.name, &self.node, now, now + lease)?
                };
                if !claimed {
                    // Another node claimed it between the look and the claim.
                    return Ok(Tick::after(false, every));
                }
                self.perform(job);
                let finished = crate::db::now().max(now);
                let mut conn = self.state.db.write_conn()?;
                if !JobLease::release(&mut conn, job.name, &self.node, finished, now + every)? {
                    tracing::warn!(
                        job = job.name,
                        "the job's lease ran out while it ran and another node took it over; \
                         give it a longer lease if runs take this long"
                    );
                }
                Ok(Tick::after(true, every))
            }
        }
    }

    /// Runs the job's work, logging a failure rather than passing it on: one failed run must
    /// not stop the schedule.
    fn perform(&self, job: &Job) {
        if let Err(error) = (job.work)(&self.state) {
            tracing::warn!(job = job.name, error = %format!("{error:#}"), "job failed; it runs again next period");
        }
    }

    /// Starts a task per job on the async runtime; they run until [`RunningJobs::shutdown`].
    pub fn start(self) -> RunningJobs {
        let runner = Arc::new(self);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let tasks = runner
            .jobs
            .clone()
            .into_iter()
            .map(|job| {
                let runner = Arc::clone(&runner);
                let mut stopped = stopped.clone();
                actix_web::rt::spawn(async move {
                    loop {
                        let worker = Arc::clone(&runner);
                        let this = job.clone();
                        // The run is awaited to its end, so a shutdown lets it finish.
                        let tick = tokio::task::spawn_blocking(move || {
                            worker.tick(&this, crate::db::now())
                        })
                        .await;
                        let wait = match tick {
                            Ok(Ok(tick)) => tick.next_check,
                            Ok(Err(error)) => {
                                tracing::warn!(job = job.name, error = %format!("{error:#}"), "could not schedule the job");
                                POLL_AT_MOST
                            }
                            Err(error) => {
                                tracing::error!(job = job.name, %error, "the job panicked");
                                job.every
                            }
                        };
                        tokio::select! {
                            _ = tokio::time::sleep(wait) => {}
                            _ = stopped.changed() => break,
                        }
                    }
                })
            })
            .collect();
        RunningJobs { stop, tasks }
    }
}

/// The outcome of looking at one job.
struct Tick {
    ran: bool,
    next_check: Duration,
}

impl Tick {
    /// Whether the job `ran`, and to look again after `wait` (but at least every
    /// [`POLL_AT_MOST`], and not in a busy loop).
    fn after(ran: bool, wait: chrono::Duration) -> Tick {
        Tick {
            ran,
            next_check: wait
                .to_std()
                .unwrap_or_default()
                .clamp(Duration::from_millis(10), POLL_AT_MOST),
        }
    }
}

/// The jobs of a running node.
pub struct RunningJobs {
    stop: tokio::sync::watch::Sender<bool>,
    tasks: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl RunningJobs {
    /// Stops scheduling and waits for any job that is running to finish its run.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            if let Err(error) = task.await {
                tracing::error!(%error, "a job task ended badly");
            }
        }
    }
}
