//! The built-in knowledge base as the binary serves it: checked once when the binary is built
//! (see `build.rs`) and embedded as a [`Bot`] in binary form, so that a start reads it back in a
//! fraction of a millisecond instead of parsing, validating, indexing and rendering every reply
//! again. A directory given with `--knowledge` or `KNOWLEDGE_DIR` is still loaded from its text
//! and fully checked.

use std::path::Path;

use crate::Bot;
use crate::knowledge::KnowledgeError;

/// What `build.rs` wrote: the checked built-in bot, or nothing if the knowledge failed its
/// check when the binary was built.
static CHECKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.bot"));

/// The built-in bot, read from its checked form. Without one (the knowledge failed its check
/// at build time), the knowledge text is loaded and checked here, which reports its problems.
pub fn bot() -> Result<Bot, KnowledgeError> {
    Bot::from_bytes(CHECKED).or_else(|_| Bot::builtin())
}

/// `dir` loaded from its text and checked when given, else the built-in bot.
pub fn load(dir: Option<&Path>) -> Result<Bot, KnowledgeError> {
    match dir {
        Some(dir) => Bot::from_dir(dir),
        None => bot(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start-up path skips validation: this is the proof that what it reads is exactly the
    /// built-in knowledge after every check.
    #[test]
    fn the_embedded_bot_is_the_fully_checked_builtin_knowledge() {
        let checked = Bot::builtin().unwrap_or_else(|e| panic!("the built-in knowledge fails its checks: {e}"));
        assert!(!CHECKED.is_empty(), "build.rs embedded no bot although the built-in knowledge passes its checks");
        assert!(
            CHECKED == checked.to_bytes().as_slice(),
            "the embedded bot differs from the built-in knowledge loaded and checked now; `cargo build` reruns \
             build.rs. If it still differs, a part of `Bot` serialises in an order that changes from run to run \
             (a std HashMap: use rustc_hash's FxHashMap or a BTreeMap)"
        );
        let read = Bot::from_bytes(CHECKED).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.knowledge().entries(), checked.knowledge().entries());
    }

    #[test]
    fn a_directory_is_loaded_from_its_text_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("faqs.yaml"), "faqs:\n  - id: Bad Id\n    question: Q?\n    answer: A.\n")
            .unwrap();
        let err = load(Some(dir.path())).expect_err("an invalid id is refused");
        assert!(err.to_string().contains("Bad Id"), "{err}");
    }
}
