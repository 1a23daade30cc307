//! Checks the built-in knowledge base once, when the binary is built, instead of at every
//! start: career-bot-core (which compiles `knowledge/*.yaml` in) loads it from text with every
//! check a start used to run (YAML, validation, the index, every reply against Discord's
//! limits), and the checked bot is written to `OUT_DIR/builtin.bot` for `src/builtin.rs` to
//! embed. Knowledge that fails the check writes nothing: the binary then loads the text at
//! start and reports the same problems there.

use std::{env, fs, path::PathBuf};

fn main() {
    // Rerun when this script changes; a change of the core or of knowledge/ rebuilds the core,
    // which rebuilds and reruns this script too.
    println!("cargo:rerun-if-changed=build.rs");
    let bytes = match career_bot_core::Bot::builtin() {
        Ok(bot) => bot.to_bytes(),
        Err(err) => {
            for line in err.to_string().lines() {
                println!("cargo:warning={line}");
            }
            Vec::new()
        }
    };
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.bot");
    fs::write(out, bytes).expect("OUT_DIR is writable");
}
