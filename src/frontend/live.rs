//! Live knowledge reload: the bot the servers answer from, swapped for a freshly loaded one
//! while they run. A reload loads and validates the whole knowledge directory on the caller's
//! thread (the watcher's, or a signal handler's), never on a request's; requests take the
//! current bot without waiting and see either the old knowledge or the new, never a mix. A
//! refused edit leaves the last good knowledge in place.
//!
//! - [`LiveBot`]: the current bot and [`LiveBot::reload`].
//! - [`ReloadReport`]: what a reload changed, notably whether the commands must be registered
//!   again (their level, role and topic choices come from the knowledge).
//! - [`watch`]: reloads on every change in the knowledge directory, debounced.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwap;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::Bot;
use crate::commands::registry;
use crate::knowledge::{Kind, KnowledgeBase, KnowledgeError, Problem};

/// How long the directory must be quiet before a reload: an editor's save (write a temporary
/// file, rename it over the old one) or a `git pull` then gives one reload, not several.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// The bot every request is answered from, replaceable while requests are being answered.
#[derive(Debug)]
pub struct LiveBot {
    /// The knowledge directory; `None` for the built-in knowledge, which never changes.
    dir: Option<PathBuf>,
    current: ArcSwap<Bot>,
    /// Serialises reloads: two at once could otherwise swap in the older load last.
    reloading: Mutex<()>,
}

/// What a successful reload changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadReport {
    /// Entries per kind in the knowledge now served.
    pub counts: [(Kind, usize); 4],
    /// The kinds whose ids (or their order) changed, among those commands offer as choices
    /// (salary tiers, roles, topics).
    pub changed: Vec<Kind>,
    /// The command definitions differ from the registered ones (a choice was added, removed,
    /// renamed or moved): the gateway front end should register its commands again.
    pub commands_changed: bool,
}

impl ReloadReport {
    fn between(old: &Bot, new: &Bot) -> Self {
        let ids = |kb: &KnowledgeBase, kind: Kind| -> Vec<String> {
            kb.entries().into_iter().filter(|e| e.kind == kind).map(|e| e.id).collect()
        };
        let changed = [Kind::Salary, Kind::Role, Kind::Topic]
            .into_iter()
            .filter(|&kind| ids(old.knowledge(), kind) != ids(new.knowledge(), kind))
            .collect();
        ReloadReport {
            counts: new.knowledge().counts(),
            changed,
            commands_changed: registry::application_commands(old.knowledge())
                != registry::application_commands(new.knowledge()),
        }
    }
}

impl std::fmt::Display for ReloadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts: Vec<String> = self.counts.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
        write!(f, "knowledge reloaded: {}", counts.join(", "))?;
        if self.commands_changed {
            write!(f, "; command choices changed")?;
        }
        Ok(())
    }
}

impl LiveBot {
    /// Serves `bot`, loaded from `dir` (`None`: the built-in knowledge).
    pub fn new(bot: Bot, dir: Option<PathBuf>) -> Self {
        LiveBot { dir, current: ArcSwap::from_pointee(bot), reloading: Mutex::new(()) }
    }

    /// Loads the knowledge of `dir` (or the built-in knowledge) to serve it.
    pub fn load(dir: Option<&Path>) -> Result<Self, KnowledgeError> {
        Ok(Self::new(crate::builtin::load(dir)?, dir.map(Path::to_path_buf)))
    }

    /// The bot to answer a request with. Never waits, not even during a reload; hold the
    /// returned bot for the whole request so that it is answered from one knowledge base.
    pub fn current(&self) -> Arc<Bot> {
        self.current.load_full()
    }

    /// The knowledge directory, if the knowledge is not the built-in one.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Loads and validates the whole knowledge directory and, if it is valid, serves it from
    /// now on. If it is not, the knowledge served stays as it was and every problem is
    /// returned. The built-in knowledge reloads as itself.
    pub fn reload(&self) -> Result<ReloadReport, KnowledgeError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let new = crate::builtin::load(self.dir.as_deref())?;
        let report = ReloadReport::between(&self.current(), &new);
        self.current.store(Arc::new(new));
        Ok(report)
    }
}

/// Whether the knowledge is watched for changes, for the start-up log.
#[derive(Debug)]
pub enum Watching {
    /// Changes in the directory are reloaded until this is dropped.
    Dir { dir: PathBuf, _watcher: Debouncer<RecommendedWatcher, RecommendedCache> },
    /// The knowledge is the built-in copy: there is nothing to watch.
    BuiltIn,
}

impl std::fmt::Display for Watching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Watching::Dir { dir, .. } => {
                write!(f, "watching {} for knowledge changes (SIGHUP reloads too)", dir.display())
            }
            Watching::BuiltIn => write!(
                f,
                "serving the built-in knowledge: nothing to watch; set KNOWLEDGE_DIR to edit knowledge without a restart"
            ),
        }
    }
}

/// Reloads `live` after every burst of changes to its directory's knowledge files, and hands
/// each outcome to `on_reload` (to log it and count failures). Reloads run on the watcher's
/// own thread. With the built-in knowledge there is nothing to watch: [`Watching::BuiltIn`].
/// Errors of the watch itself after it started are reported as failed reloads.
pub fn watch<F>(live: Arc<LiveBot>, debounce: Duration, mut on_reload: F) -> Result<Watching, KnowledgeError>
where
    F: FnMut(Result<ReloadReport, KnowledgeError>) + Send + 'static,
{
    let Some(dir) = live.dir().map(Path::to_path_buf) else { return Ok(Watching::BuiltIn) };
    let shown = dir.display().to_string();
    let failure = move |what: &str, err: &dyn std::fmt::Display| {
        KnowledgeError::single(Problem::new(
            &shown,
            format!("{what}: {err}"),
            "check that the knowledge directory exists and is readable; SIGHUP reloads by hand",
        ))
    };
    let watch_failure = failure.clone();
    let handler = move |events: DebounceEventResult| match events {
        Ok(events) if events.iter().any(|e| changes_content(&e.kind) && e.paths.iter().any(|p| is_knowledge(p))) => {
            on_reload(live.reload())
        }
        Ok(_) => {}
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            on_reload(Err(watch_failure("watching the knowledge directory failed", &errors.join("; "))))
        }
    };
    let mut debouncer =
        new_debouncer(debounce, None, handler).map_err(|err| failure("cannot watch the knowledge directory", &err))?;
    debouncer
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(|err| failure("cannot watch the knowledge directory", &err))?;
    Ok(Watching::Dir { dir, _watcher: debouncer })
}

/// Whether an event can change what a file holds. Opening and reading cannot, and a reload
/// opens every file: counting those would make each reload start the next. Metadata alone
/// (times, permissions) is left to SIGHUP for the same reason.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Whether a changed path can change the knowledge: a `*.yaml`/`*.yml` file (editors' swap
/// and backup files cannot), or anything without a name such as the directory itself.
fn is_knowledge(path: &Path) -> bool {
    match path.extension() {
        Some(ext) => ext == "yaml" || ext == "yml",
        None => path.file_name().is_none() || path.is_dir(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_knowledge_files_trigger_a_reload() {
        assert!(is_knowledge(Path::new("/k/faqs.yaml")));
        assert!(is_knowledge(Path::new("/k/faqs.yml")));
        assert!(!is_knowledge(Path::new("/k/.faqs.yaml.swp")));
        assert!(!is_knowledge(Path::new("/k/faqs.yaml~")));
        assert!(is_knowledge(Path::new("/")));
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify_debouncer_full::notify::event::{CreateKind, MetadataKind, RenameMode};
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Name(RenameMode::To))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Remove(notify_debouncer_full::notify::event::RemoveKind::File)));
    }

    #[test]
    fn the_builtin_knowledge_has_nothing_to_watch() {
        let live = Arc::new(LiveBot::load(None).unwrap_or_else(|e| panic!("{e}")));
        let watching = watch(live.clone(), DEBOUNCE, |_| panic!("nothing to reload")).unwrap();
        assert!(matches!(watching, Watching::BuiltIn));
        assert!(watching.to_string().contains("nothing to watch"), "{watching}");
        let report = live.reload().unwrap_or_else(|e| panic!("{e}"));
        assert!(report.changed.is_empty() && !report.commands_changed, "{report:?}");
    }
}
