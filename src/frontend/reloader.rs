//! Keeping a running server's knowledge current: changes in `KNOWLEDGE_DIR` (through
//! [`live::watch`]) and SIGHUP both reload the [`LiveBot`], off the request path. Every outcome
//! is logged, counted in `/metrics` and shown in `/readyz`; a refused edit names each problem
//! (file, line, field) and leaves the last good knowledge served. When the command choices
//! change, whoever registers commands (the gateway front end) is told through
//! [`Reloader::commands_changed`].

use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::Notify;

use crate::frontend::live::{self, LiveBot, ReloadReport, Watching};
use crate::frontend::metrics::Metrics;
use crate::frontend::ops::Readiness;
use crate::knowledge::KnowledgeError;

/// Problems logged one by one for a refused reload; the rest are counted.
const LOGGED_PROBLEMS: usize = 20;

/// What started a reload, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A change in the knowledge directory.
    FileChange,
    /// SIGHUP.
    Signal,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::FileChange => "file change",
            Trigger::Signal => "SIGHUP",
        }
    }
}

/// Reloads one server's [`LiveBot`] and reports each outcome to that server's metrics and
/// readiness.
#[derive(Debug)]
pub struct Reloader {
    live: Arc<LiveBot>,
    metrics: Arc<Metrics>,
    readiness: Arc<Readiness>,
    commands: Notify,
}

impl Reloader {
    pub fn new(live: Arc<LiveBot>, metrics: Arc<Metrics>, readiness: Arc<Readiness>) -> Arc<Self> {
        Arc::new(Reloader { live, metrics, readiness, commands: Notify::new() })
    }

    /// The bot the server answers from.
    pub fn live(&self) -> &Arc<LiveBot> {
        &self.live
    }

    /// Starts listening for SIGHUP and watching the knowledge directory; both run until the
    /// runtime stops (the signal) or the returned [`Watching`] is dropped (the watcher). Call it
    /// from within the server's tokio runtime, and log what it returns: what is watched, that
    /// the built-in knowledge has nothing to watch, or why the directory cannot be watched
    /// (SIGHUP still reloads then).
    pub fn start(self: &Arc<Self>) -> Result<Watching, KnowledgeError> {
        self.listen_for_hangup();
        let on_change = Arc::clone(self);
        live::watch(Arc::clone(&self.live), live::DEBOUNCE, move |outcome| {
            on_change.settle(Trigger::FileChange, outcome);
        })
    }

    /// [`Reloader::start`], with its outcome logged; keep the returned guard while serving.
    pub fn start_logged(self: &Arc<Self>) -> Option<Watching> {
        match self.start() {
            Ok(watching) => {
                tracing::info!("{watching}");
                Some(watching)
            }
            Err(err) => {
                for problem in &err.problems {
                    tracing::warn!("{problem}");
                }
                tracing::warn!("edits of the knowledge are not picked up by themselves: send SIGHUP to reload");
                None
            }
        }
    }

    /// Reloads now, on the caller's thread, and settles the outcome.
    pub fn reload(&self, trigger: Trigger) {
        self.settle(trigger, self.live.reload());
    }

    /// Completes when a reload changed the command choices (or already had, since the last
    /// call): register the commands again then.
    pub async fn commands_changed(&self) {
        self.commands.notified().await;
    }

    /// Logs, counts and shows one reload's outcome.
    fn settle(&self, trigger: Trigger, outcome: Result<ReloadReport, KnowledgeError>) {
        let trigger = trigger.as_str();
        match outcome {
            Ok(report) => {
                let knowledge = self.live.current();
                self.metrics.reload_succeeded();
                self.metrics.knowledge_loaded(knowledge.knowledge(), SystemTime::now());
                self.readiness.knowledge_loaded(knowledge.knowledge());
                tracing::info!(trigger, "{report}");
                if report.commands_changed {
                    self.commands.notify_one();
                }
            }
            Err(err) => {
                self.metrics.reload_failed();
                self.readiness.reload_refused(err.problems.len());
                tracing::error!(
                    trigger,
                    problems = err.problems.len(),
                    "knowledge reload refused; still serving the last good knowledge until the files are fixed"
                );
                for problem in err.problems.iter().take(LOGGED_PROBLEMS) {
                    tracing::error!(trigger, "{problem}");
                }
                if err.problems.len() > LOGGED_PROBLEMS {
                    tracing::error!(
                        trigger,
                        "and {} more problems; `career-bot check` lists them all",
                        err.problems.len() - LOGGED_PROBLEMS
                    );
                }
            }
        }
    }

    /// Reloads on every SIGHUP, on a blocking thread so that the runtime's workers keep
    /// answering.
    #[cfg(unix)]
    fn listen_for_hangup(self: &Arc<Self>) {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = match signal(SignalKind::hangup()) {
            Ok(hangups) => hangups,
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGHUP; knowledge reloads only on file changes");
                return;
            }
        };
        let reloader = Arc::clone(self);
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                let reloader = Arc::clone(&reloader);
                if let Err(err) = tokio::task::spawn_blocking(move || reloader.reload(Trigger::Signal)).await {
                    tracing::error!(%err, "the SIGHUP reload stopped unexpectedly");
                }
            }
        });
    }

    #[cfg(not(unix))]
    fn listen_for_hangup(self: &Arc<Self>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reloader_of(dir: &std::path::Path) -> Arc<Reloader> {
        let live = Arc::new(LiveBot::load(Some(dir)).unwrap_or_else(|e| panic!("{e}")));
        Reloader::new(live, Arc::new(Metrics::new()), Arc::new(Readiness::new()))
    }

    fn metric(reloader: &Reloader, series: &str) -> String {
        let text = reloader.metrics.render();
        text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')).unwrap_or_default().to_owned()
    }

    #[test]
    fn outcomes_are_counted_and_shown() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let faq = |answer: &str| format!("faqs:\n  - id: a\n    question: What is a backend?\n    answer: {answer}\n");
        std::fs::write(dir.path().join("faqs.yaml"), faq("The server side.")).unwrap();
        let reloader = reloader_of(dir.path());

        std::fs::write(dir.path().join("faqs.yaml"), "faqs:\n  - id: a\n").unwrap();
        reloader.reload(Trigger::Signal);
        assert_eq!(metric(&reloader, r#"career_bot_knowledge_reloads_total{result="failure"}"#), "1");
        assert_eq!(metric(&reloader, "career_bot_knowledge_last_reload_successful"), "0");
        let (ready, detail) = reloader.readiness.report();
        assert!(!ready, "never loaded into this readiness");
        assert_eq!(detail["reload"]["refused"], true, "{detail}");

        std::fs::write(dir.path().join("faqs.yaml"), faq("Where the data lives.")).unwrap();
        reloader.reload(Trigger::FileChange);
        assert_eq!(metric(&reloader, r#"career_bot_knowledge_reloads_total{result="success"}"#), "1");
        assert_eq!(metric(&reloader, "career_bot_knowledge_last_reload_successful"), "1");
        assert_eq!(metric(&reloader, r#"career_bot_knowledge_entries{kind="faq"}"#), "1");
        let (ready, detail) = reloader.readiness.report();
        assert!(ready && detail.get("reload").is_none(), "{detail}");
        assert_eq!(
            reloader.live().current().knowledge().faq("a").map(|f| f.answer.as_str()),
            Some("Where the data lives.")
        );
    }

    #[tokio::test]
    async fn a_change_of_command_choices_is_signalled_once_until_taken() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let tiers = |name: &str| {
            format!(
                "salary_tiers:\n  - id: fresher\n    name: {name}\n    min_lpa: 4\n    max_lpa: 8\n    \
                 open_ended: false\n    currency: INR\n    region: India\n    role: junior\n    \
                 summary: Starting pay.\n    aliases: [fresher]\n"
            )
        };
        let roles = "roles:\n  - id: junior\n    title: Junior Backend Developer\n    salary: fresher\n    \
                     focus: [APIs]\n    description: Builds endpoints.\n    aliases: [junior]\n";
        std::fs::write(dir.path().join("roles.yaml"), roles).unwrap();
        std::fs::write(dir.path().join("salary.yaml"), tiers("Fresher")).unwrap();
        let reloader = reloader_of(dir.path());
        std::fs::write(dir.path().join("salary.yaml"), tiers("Fresher Developer")).unwrap();
        reloader.reload(Trigger::Signal);
        tokio::time::timeout(std::time::Duration::from_secs(1), reloader.commands_changed())
            .await
            .expect("a renamed choice asks for registration");
        reloader.reload(Trigger::Signal);
        let again = tokio::time::timeout(std::time::Duration::from_millis(50), reloader.commands_changed()).await;
        assert!(again.is_err(), "an unchanged reload asks for nothing");
    }
}
