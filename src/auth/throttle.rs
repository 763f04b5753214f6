//! Per-node limits on how often one client may do something costly (a search, a preview, an
//! API request): a count per key (a client address, a member, a key) in a fixed window,
//! forgotten when the window ends. Limits that must hold across nodes (logins, sign-ups,
//! account mail, posting) live in the database instead (`models::rate_limit`): these are
//! about one node's CPU, and counting them in the database would make every read a write.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::config::{Config, LimitsConfig};

/// Counts actions per key in a window.
#[derive(Clone, Debug)]
pub struct Throttle {
    limit: u32,
    window: Duration,
    windows: moka::sync::Cache<String, Arc<Window>>,
}

/// One key's window: when it began and how many actions it has counted.
#[derive(Debug)]
struct Window {
    began: Instant,
    count: AtomicU32,
}

impl Throttle {
    /// Allows `limit` actions per key per second; 0 means no limit.
    pub fn per_second(limit: u32) -> Throttle {
        Throttle::new(limit, Duration::from_secs(1))
    }

    /// Allows `limit` actions per key per minute; 0 means no limit.
    pub fn per_minute(limit: u32) -> Throttle {
        Throttle::new(limit, Duration::from_secs(60))
    }

    fn new(limit: u32, window: Duration) -> Throttle {
        Throttle {
            limit,
            window,
            // An entry lives one window from its first action: a fixed window per key.
            windows: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(window)
                .build(),
        }
    }

    /// The most actions a key may take in a window (0: unlimited).
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Counts an action by `key`: `Ok` if allowed, else the seconds until its window ends.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let window = self.windows.get_with_by_ref(key, || {
            Arc::new(Window {
                began: Instant::now(),
                count: AtomicU32::new(0),
            })
        });
        if window.count.fetch_add(1, Ordering::Relaxed) < self.limit {
            return Ok(());
        }
        let left = self.window.saturating_sub(window.began.elapsed());
        // Rounded up, so a client that waits exactly this long gets through.
        Err(u64::try_from(left.as_millis().div_ceil(1000))
            .unwrap_or(u64::MAX)
            .max(1))
    }
}

/// This node's throttles, one per costly action, from `[limits]` and `[search]`.
#[derive(Clone, Debug)]
pub struct Throttles {
    /// Searches per anonymous client (address) per second.
    pub anonymous_searches: Throttle,
    /// Searches per signed-in member per minute.
    pub member_searches: Throttle,
    /// Markdown previews per member per minute.
    pub previews: Throttle,
    /// Requests per API key per minute.
    pub api_keys: Throttle,
}

impl Throttles {
    /// The throttles `config` asks for.
    pub fn new(config: &Config) -> Throttles {
        let LimitsConfig {
            member_searches_per_minute,
            previews_per_minute,
            api_key_requests_per_minute,
            ..
        } = config.limits;
        Throttles {
            anonymous_searches: Throttle::per_second(config.search.anonymous_per_second),
            member_searches: Throttle::per_minute(member_searches_per_minute),
            previews: Throttle::per_minute(previews_per_minute),
            api_keys: Throttle::per_minute(api_key_requests_per_minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_its_limit_waits_and_others_do_not() {
        let throttle = Throttle::per_second(3);
        for _ in 0..3 {
            assert_eq!(throttle.check("10.0.0.1"), Ok(()));
        }
        assert_eq!(throttle.check("10.0.0.1"), Err(1));
        assert_eq!(throttle.check("10.0.0.2"), Ok(()));
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(throttle.check("10.0.0.1"), Ok(()));
    }

    #[test]
    fn a_minute_window_says_how_much_of_it_is_left() {
        let throttle = Throttle::per_minute(1);
        assert_eq!(throttle.check("ada"), Ok(()));
        let wait = throttle.check("ada").expect_err("over the limit");
        assert!((59..=60).contains(&wait), "{wait}");
        assert_eq!(Throttle::per_minute(0).check("ada"), Ok(()));
    }
}
