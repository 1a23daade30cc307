//! `DISCORD_SHARDS`: which gateway shards this process runs. Unset, it runs as many as Discord
//! recommends; `FIRST-LAST/TOTAL` runs only that range, so a large deployment can split its
//! shards across processes or machines.

use std::fmt;
use std::str::FromStr;

/// The shards this process connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShardPlan {
    /// Every shard, as many as Discord's `GET /gateway/bot` recommends.
    #[default]
    Recommended,
    /// Shards `first` to `last` (inclusive) of `total`.
    Range { first: u32, last: u32, total: u32 },
}

/// A `DISCORD_SHARDS` value that is not a shard range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{given}` is not a shard range ({problem}): write FIRST-LAST/TOTAL, e.g. 0-3/8 to run shards 0 to 3 of \
     8 in this process, or leave DISCORD_SHARDS unset to run all the shards Discord recommends"
)]
pub struct ShardsError {
    given: String,
    problem: &'static str,
}

impl FromStr for ShardPlan {
    type Err = ShardsError;

    /// `FIRST-LAST/TOTAL` (`0-3/8`), or `N/TOTAL` for a single shard (`2/8`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = |problem| ShardsError { given: s.to_owned(), problem };
        let (range, total) = s.trim().split_once('/').ok_or_else(|| error("no `/TOTAL`"))?;
        let number = |text: &str| text.trim().parse::<u32>().map_err(|_| error("not a whole number"));
        let (first, last) = match range.split_once('-') {
            Some((first, last)) => (number(first)?, number(last)?),
            None => {
                let only = number(range)?;
                (only, only)
            }
        };
        let total = number(total)?;
        if total == 0 {
            return Err(error("TOTAL must be at least 1"));
        }
        if first > last {
            return Err(error("FIRST is after LAST"));
        }
        if last >= total {
            return Err(error("shards are numbered from 0 to TOTAL-1"));
        }
        Ok(ShardPlan::Range { first, last, total })
    }
}

impl fmt::Display for ShardPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardPlan::Recommended => f.write_str("Discord's recommended shard count"),
            ShardPlan::Range { first, last, total } => write!(f, "shards {first}-{last} of {total}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_single_shards() {
        assert_eq!("0-3/8".parse(), Ok(ShardPlan::Range { first: 0, last: 3, total: 8 }));
        assert_eq!(" 4-7 / 8 ".parse(), Ok(ShardPlan::Range { first: 4, last: 7, total: 8 }));
        assert_eq!("2/8".parse(), Ok(ShardPlan::Range { first: 2, last: 2, total: 8 }));
        assert_eq!("0-0/1".parse(), Ok(ShardPlan::Range { first: 0, last: 0, total: 1 }));
    }

    #[test]
    fn rejects_what_is_not_a_range_and_says_how_to_write_one() {
        for bad in ["", "8", "0-3", "a-3/8", "0-3/x", "0-3/0", "3-1/8", "0-8/8", "-1-3/8", "0-3/8/9"] {
            let err = bad.parse::<ShardPlan>().expect_err(bad);
            assert!(err.to_string().contains("FIRST-LAST/TOTAL"), "{err}");
        }
    }
}
