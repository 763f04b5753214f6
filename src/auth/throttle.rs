//! Per-node limits on how often one client may do something costly (a search): a count per
//! key (a client address) in a window of one second, forgotten when the window ends. Limits
//! that must hold across nodes (logins) live in the database instead (`models::login_attempt`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Counts actions per key per second.
#[derive(Clone, Debug)]
pub struct Throttle {
    per_second: u32,
    windows: moka::sync::Cache<String, Arc<AtomicU32>>,
}

impl Throttle {
    /// Allows `per_second` actions per key per second; 0 means no limit.
    pub fn per_second(per_second: u32) -> Throttle {
        Throttle {
            per_second,
            // An entry lives one second from its first action: a fixed window per key.
            windows: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(1))
                .build(),
        }
    }

    /// Counts an action by `key`: `Ok` if allowed, else the seconds to wait.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        if self.per_second == 0 {
            return Ok(());
        }
        let count = self
            .windows
            .get_with_by_ref(key, || Arc::new(AtomicU32::new(0)))
            .fetch_add(1, Ordering::Relaxed);
        if count < self.per_second {
            Ok(())
        } else {
            Err(1)
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
}
