//! The Discord gateway front end (`career-bot serve`).

/// Options of `career-bot serve` (configuration comes from the environment).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {}

/// Runs the bot on Discord's gateway until SIGTERM or Ctrl-C.
pub fn serve(_knowledge: Option<std::path::PathBuf>, _args: ServeArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("`career-bot serve` is not available in this build")
}
