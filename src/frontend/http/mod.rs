//! The HTTP interactions endpoint (`career-bot serve-http`).

/// Options of `career-bot serve-http`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeHttpArgs {}

/// Serves Discord interactions over HTTP until SIGTERM or Ctrl-C.
pub fn serve(_knowledge: Option<std::path::PathBuf>, _args: ServeHttpArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("`career-bot serve-http` is not available in this build")
}
