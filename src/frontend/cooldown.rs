//! Per-user rate limiting shared by the Discord front ends: at most `count` requests per
//! `window` for each user (`CAREER_BOT_COOLDOWN`, e.g. `5/10s`).

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Users tracked before old entries are first swept, so memory stays bounded. After a sweep
/// the next one waits until the map has doubled, so that even with more users than this
/// inside one window a request costs amortised constant time, never a scan of them all.
const SWEEP_AT: usize = 10_000;

/// `count` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub window: Duration,
}

impl Default for Rate {
    fn default() -> Self {
        Rate { count: 5, window: Duration::from_secs(10) }
    }
}

impl FromStr for Rate {
    type Err = String;

    /// `5/10s`, `20/1m`, `3/500ms`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hint = || format!("`{s}` is not a rate: write COUNT/WINDOW, e.g. 5/10s, 20/1m or 3/500ms");
        let (count, window) = s.trim().split_once('/').ok_or_else(hint)?;
        let count: u32 = count.trim().parse().map_err(|_| hint())?;
        let window = window.trim();
        let split = window.find(|c: char| !c.is_ascii_digit()).ok_or_else(hint)?;
        let (number, unit) = window.split_at(split);
        let number: u64 = number.parse().map_err(|_| hint())?;
        let window = match unit {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number * 60),
            "h" => Duration::from_secs(number * 3600),
            _ => return Err(hint()),
        };
        if count == 0 || window.is_zero() {
            return Err(hint());
        }
        Ok(Rate { count, window })
    }
}

/// Sliding-window limiter keyed by user id.
#[derive(Debug)]
pub struct Cooldown {
    rate: Rate,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    seen: HashMap<u64, VecDeque<Instant>>,
    /// The size at which the next sweep runs.
    sweep_at: usize,
}

impl Cooldown {
    pub fn new(rate: Rate) -> Self {
        Cooldown { rate, state: Mutex::new(State { seen: HashMap::new(), sweep_at: SWEEP_AT }) }
    }

    /// Records a request by `user` at `now`, or says how long until the next one is allowed.
    pub fn check(&self, user: u64, now: Instant) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let State { seen, sweep_at } = &mut *state;
        if seen.len() >= *sweep_at {
            let window = self.rate.window;
            seen.retain(|_, times| times.back().is_some_and(|&t| now.duration_since(t) < window));
            *sweep_at = SWEEP_AT.max(seen.len().saturating_mul(2));
        }
        let times = seen.entry(user).or_default();
        while times.front().is_some_and(|&t| now.duration_since(t) >= self.rate.window) {
            times.pop_front();
        }
        if times.len() >= self.rate.count as usize {
            let oldest = *times.front().expect("a full window has entries");
            return Err(self.rate.window.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates() {
        assert_eq!("5/10s".parse(), Ok(Rate { count: 5, window: Duration::from_secs(10) }));
        assert_eq!("20/1m".parse(), Ok(Rate { count: 20, window: Duration::from_secs(60) }));
        assert_eq!("3/500ms".parse(), Ok(Rate { count: 3, window: Duration::from_millis(500) }));
        for bad in ["", "5", "x/10s", "5/10", "5/10y", "0/10s", "5/0s"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_each_user_separately_and_recovers() {
        let cooldown = Cooldown::new(Rate { count: 2, window: Duration::from_secs(10) });
        let t0 = Instant::now();
        assert!(cooldown.check(1, t0).is_ok());
        assert!(cooldown.check(1, t0).is_ok());
        let wait = cooldown.check(1, t0 + Duration::from_secs(3)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(7));
        assert!(cooldown.check(2, t0).is_ok());
        assert!(cooldown.check(1, t0 + Duration::from_secs(10)).is_ok());
    }

    fn tracked(cooldown: &Cooldown) -> (usize, usize) {
        let state = cooldown.state.lock().unwrap();
        (state.seen.len(), state.sweep_at)
    }

    #[test]
    fn users_whose_window_has_passed_are_swept() {
        let cooldown = Cooldown::new(Rate { count: 2, window: Duration::from_secs(10) });
        let t0 = Instant::now();
        for user in 0..SWEEP_AT as u64 {
            assert!(cooldown.check(user, t0).is_ok());
        }
        assert_eq!(tracked(&cooldown), (SWEEP_AT, SWEEP_AT));
        assert!(cooldown.check(u64::MAX, t0 + Duration::from_secs(10)).is_ok());
        assert_eq!(tracked(&cooldown), (1, SWEEP_AT), "only the new user is left");
    }

    #[test]
    fn with_more_active_users_than_the_threshold_sweeps_wait_for_the_map_to_double() {
        let cooldown = Cooldown::new(Rate { count: 2, window: Duration::from_secs(10) });
        let t0 = Instant::now();
        let mut sweeps = 0;
        let mut last = SWEEP_AT;
        for user in 0..(8 * SWEEP_AT) as u64 {
            assert!(cooldown.check(user, t0).is_ok());
            let (_, sweep_at) = tracked(&cooldown);
            if sweep_at != last {
                sweeps += 1;
                last = sweep_at;
            }
        }
        // Every user is inside the window: nothing is swept, and the threshold doubles each
        // time (10k → 20k → 40k → 80k): three scans for 80k users, not one per request.
        assert_eq!(tracked(&cooldown), (8 * SWEEP_AT, 8 * SWEEP_AT));
        assert_eq!(sweeps, 3);
        // Their requests still count.
        assert!(cooldown.check(7, t0).is_ok());
        assert!(cooldown.check(7, t0).is_err());
    }
}
