//! The jobs runner: work that must happen once runs on one node per period, a node that dies
//! holding a job loses it when its lease runs out, and shutting down lets a running job finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use convene::jobs::{Job, Runner, Runs};

use crate::support::TestApp;

/// A job that counts its runs.
fn counting(name: &'static str, runs: Runs, count: &Arc<AtomicUsize>) -> Job {
    let count = Arc::clone(count);
    Job {
        name,
        every: Duration::from_secs(60 * 60),
        runs,
        work: Arc::new(move |_| {
            count.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }),
    }
}

const ONCE: Runs = Runs::OnceAcrossNodes {
    lease: Duration::from_secs(600),
};

#[actix_web::test]
async fn work_that_must_happen_once_runs_on_one_node_per_period() {
    let app = TestApp::spawn().await;
    let count = Arc::new(AtomicUsize::new(0));
    let a = Runner::new(
        app.state.clone(),
        "node-a",
        vec![counting("digest", ONCE, &count)],
    );
    let b = Runner::new(
        app.state.clone(),
        "node-b",
        vec![counting("digest", ONCE, &count)],
    );
    let t0 = convene::db::now();
    let minutes = |m| t0 + chrono::Duration::minutes(m);
    let ran_a = a.run_due(t0).unwrap();
    let ran_b = b.run_due(t0).unwrap();
    assert_eq!((ran_a.len(), ran_b.len()), (1, 0), "one node runs it");
    assert!(b.run_due(minutes(30)).unwrap().is_empty());
    assert!(a.run_due(minutes(59)).unwrap().is_empty(), "not due yet");
    assert_eq!(
        b.run_due(minutes(61)).unwrap(),
        ["digest"],
        "next period, whoever asks"
    );
    assert!(a.run_due(minutes(62)).unwrap().is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[actix_web::test]
async fn work_on_every_node_runs_on_each_node_per_period() {
    let app = TestApp::spawn().await;
    let count = Arc::new(AtomicUsize::new(0));
    let job = || counting("tidy-local-cache", Runs::OnEveryNode, &count);
    let a = Runner::new(app.state.clone(), "node-a", vec![job()]);
    let b = Runner::new(app.state.clone(), "node-b", vec![job()]);
    let t0 = convene::db::now();
    a.run_due(t0).unwrap();
    b.run_due(t0).unwrap();
    a.run_due(t0 + chrono::Duration::minutes(10)).unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 2, "once on each node");
    a.run_due(t0 + chrono::Duration::minutes(61)).unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[actix_web::test]
async fn a_job_held_by_a_stuck_node_is_taken_over_when_its_lease_runs_out() {
    let app = TestApp::spawn().await;
    let count = Arc::new(AtomicUsize::new(0));
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let release_rx = Arc::new(std::sync::Mutex::new(release_rx));
    let stuck = {
        let count = Arc::clone(&count);
        Job {
            name: "digest",
            every: Duration::from_secs(60 * 60),
            runs: ONCE,
            work: Arc::new(move |_| {
                count.fetch_add(1, Ordering::SeqCst);
                started_tx.send(()).ok();
                // Stuck until the test lets go.
                release_rx.lock().unwrap().recv().ok();
                Ok(())
            }),
        }
    };
    let a = Runner::new(app.state.clone(), "node-a", vec![stuck]);
    let b = Runner::new(
        app.state.clone(),
        "node-b",
        vec![counting("digest", ONCE, &count)],
    );
    let t0 = convene::db::now();
    let node_a = std::thread::spawn(move || a.run_due(t0).unwrap());
    started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        b.run_due(t0 + chrono::Duration::minutes(5))
            .unwrap()
            .is_empty(),
        "node A holds the lease"
    );
    assert_eq!(
        b.run_due(t0 + chrono::Duration::minutes(11)).unwrap(),
        ["digest"],
        "the lease ran out: node B takes over"
    );
    release_tx.send(()).unwrap();
    assert_eq!(node_a.join().unwrap(), ["digest"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let lease = app
        .with_conn(|c| convene::models::job_lease::JobLease::find(c, "digest"))
        .unwrap()
        .unwrap();
    assert_eq!(
        lease.holder, "node-b",
        "node A's late release changed nothing"
    );
}

#[actix_web::test]
async fn shutting_down_lets_a_running_job_finish_and_starts_no_more() {
    let app = TestApp::spawn().await;
    let started = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicUsize::new(0));
    let job = {
        let (started, finished) = (Arc::clone(&started), Arc::clone(&finished));
        Job {
            name: "slow",
            every: Duration::from_millis(20),
            runs: Runs::OnEveryNode,
            work: Arc::new(move |_| {
                started.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(300));
                finished.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }),
        }
    };
    let running = Runner::new(app.state.clone(), "node-a", vec![job]).start();
    while started.load(Ordering::SeqCst) == 0 {
        actix_web::rt::time::sleep(Duration::from_millis(5)).await;
    }
    running.shutdown().await;
    let runs = started.load(Ordering::SeqCst);
    assert_eq!(
        finished.load(Ordering::SeqCst),
        runs,
        "the run in progress finished"
    );
    actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        started.load(Ordering::SeqCst),
        runs,
        "nothing started after shutdown"
    );
}
