//! Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane),
//! which is argon2's default, with no more hashes running at once than the machine has cores.
//!
//! Each hash fills 19 MiB of memory. Unbounded, eight sign-ins at once held 160 MB of heap
//! (a soak's heap profile, docs/reliability.md), and glibc kept much of it after they ended;
//! a flood of sign-ins could take as much memory as it has requests. A hash is all CPU, so
//! more of them at once than there are cores finishes none sooner: the rest wait their turn
//! (on the blocking pool, where every caller runs them), and memory stays at one hash a core.

use std::sync::{Condvar, LazyLock, Mutex, PoisonError};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// Hashes a password into a PHC string (salt and parameters included).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let _turn = HASHING.take_turn();
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// Checks a password against a PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    let _turn = HASHING.take_turn();
    Argon2::default()
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

/// A hash of nothing in particular, verified when the user does not exist so that a
/// wrong username takes as long as a wrong password and reveals nothing.
static DECOY: LazyLock<String> = LazyLock::new(|| hash("decoy password").unwrap_or_default());

/// Spends the same time as [`verify`] and fails.
pub fn verify_decoy(password: &str) -> bool {
    let _ = verify(password, &DECOY);
    false
}

/// The process's hashing turns: one a core.
static HASHING: LazyLock<Turns> = LazyLock::new(|| {
    Turns::new(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
});

/// A counting semaphore for blocking threads: at most `limit` turns held at once. Waiters are
/// woken one per turn given back. (tokio's semaphore waits asynchronously; hashing runs on
/// blocking threads and in the command line's, which have no runtime to wait in.)
struct Turns {
    limit: usize,
    held: Mutex<usize>,
    given_back: Condvar,
}

/// A turn taken; given back when dropped, also when the hash panics.
struct Turn<'a>(&'a Turns);

impl Turns {
    fn new(limit: usize) -> Turns {
        Turns {
            limit: limit.max(1),
            held: Mutex::new(0),
            given_back: Condvar::new(),
        }
    }

    fn take_turn(&self) -> Turn<'_> {
        // The count is only ever changed under the lock by whole steps, so a poisoned lock
        // (a panic elsewhere while holding it, which nothing here does) still holds a true count.
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let mut held = self
            .given_back
            .wait_while(held, |held| *held >= self.limit)
            .unwrap_or_else(PoisonError::into_inner);
        *held += 1;
        Turn(self)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut held = self.0.held.lock().unwrap_or_else(PoisonError::into_inner);
        *held -= 1;
        self.0.given_back.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse battery").expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("correct horse battery!", &phc));
    }

    #[test]
    fn no_more_turns_are_held_at_once_than_the_limit() {
        let turns = Turns::new(2);
        let inside = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..20 {
                        let _turn = turns.take_turn();
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_micros(200));
                        inside.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(
            most.load(Ordering::SeqCst),
            2,
            "two turns at most, and both used"
        );
        assert_eq!(
            *turns.held.lock().expect("lock"),
            0,
            "every turn given back"
        );
    }
}
