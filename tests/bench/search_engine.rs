//! The search engine alone, for tests/bench/search: what one search costs inside Convene
//! (read the query, resolve its names, search the index, rank by topic, make the page's
//! snippets) without HTTP, the database rows or JSON around it. It is the figure to set
//! beside PostgreSQL's full-text search measured through pgbench, which also leaves those out.
//!
//! Usage: `search_engine DATABASE_URL INDEX_DIRECTORY QUERIES_FILE SECONDS CLIENTS`. Each client
//! is a thread searching the queries of the file in turn (one per line), 50 results a page,
//! for SECONDS. Prints `searches/s p50_ms p99_ms`. Run it while no server holds the index.

use std::time::{Duration, Instant};

use anyhow::Context;
use convene::db::Db;
use convene::models::category::Category;
use convene::search::{Found, SearchIndex, names, query};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, directory, queries, seconds, clients] = args.as_slice() else {
        anyhow::bail!(
            "usage: search_engine DATABASE_URL INDEX_DIRECTORY QUERIES_FILE SECONDS CLIENTS"
        );
    };
    let seconds: u64 = seconds.parse().context("SECONDS")?;
    let clients: usize = clients.parse().context("CLIENTS")?;
    let db = Db::connect(url, u32::try_from(clients)?)?;
    let categories = Category::all(&mut *db.read_conn()?)?;
    let index = SearchIndex::open(directory.as_ref())?;
    let queries: Vec<String> = std::fs::read_to_string(queries)?
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let today = convene::db::now().date();

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let (db, index, queries, categories) = (&db, &index, &queries, &categories);
                scope.spawn(move || -> anyhow::Result<Vec<Duration>> {
                    let mut conn = db.read_conn()?;
                    let mut took = Vec::new();
                    let mut next = client;
                    while Instant::now() < deadline {
                        let started = Instant::now();
                        let mut parsed = query::parse(&queries[next % queries.len()], today);
                        let resolved = names::resolve(&mut conn, &mut parsed, categories, None)?;
                        let found = match resolved.request(&parsed, 0, 50) {
                            Some(request) => index.find(&request)?,
                            None => Found::default(),
                        };
                        std::hint::black_box(found);
                        took.push(started.elapsed());
                        next += 1;
                    }
                    Ok(took)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a client panicked"))
            .collect::<anyhow::Result<Vec<_>>>()
            .map(|all| all.into_iter().flatten().collect())
    })?;
    latencies.sort_unstable();
    let at = |share: f64| {
        let i = ((latencies.len() as f64 * share) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{:.0} {:.3} {:.3}",
        latencies.len() as f64 / seconds as f64,
        at(0.5),
        at(0.99)
    );
    Ok(())
}
