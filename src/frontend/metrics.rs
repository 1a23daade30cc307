//! The Prometheus metrics of the Discord front ends, on a prometheus-client [`Registry`]:
//! interactions by command and outcome, a latency histogram, a match-score histogram,
//! knowledge entries by kind, the time of the last knowledge load, knowledge reloads by result
//! and whether the last one succeeded, the requests rejected for a bad signature, the
//! signatures checked, and what became of the insights records (accepted, written, dropped,
//! failed) when a [`RecordQueue`] is watched. [`Metrics::render`] writes them in the Prometheus
//! text format 0.0.4 ([`CONTENT_TYPE`]).
//!
//! Every label value is one of a closed set (the enums below), so the number of series is
//! bounded by the code, whatever names or custom ids requests carry. Outcomes are typed
//! ([`Served`]); commands are named by their labels, mapped here, and a label outside the set
//! counts as `unknown` or `other`.

use std::fmt::{self, Write as _};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeLabelValue, EncodeMetric, LabelValueEncoder, prometheus_text,
};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::commands::COMMANDS;
use crate::frontend::interaction::Served;
use crate::insights::RecordQueue;
use crate::knowledge::{Kind, KnowledgeBase};

/// The content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Upper bounds, in seconds, of the latency buckets: a reply is built in well under a
/// millisecond, so the fine buckets are where the answers land; Discord's deadline is 3 s.
const LATENCY_BUCKETS: [f64; 13] =
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 3.0];

/// Upper bounds of the match-score buckets (scores run from 0 to 1).
const SCORE_BUCKETS: [f64; 10] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// A closed set of label values, each with its text.
trait LabelValues: Copy + 'static {
    const ALL: &'static [Self];

    fn as_str(self) -> &'static str;

    /// The value whose text is `text`, if there is one.
    fn find(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.as_str() == text)
    }
}

/// An enum of [`LabelValues`] with their texts, encoded as those texts: the values, their
/// names on the wire and the reverse look-up, from one declaration.
macro_rules! label_values {
    ($(#[$doc:meta])* enum $name:ident { $($(#[$variant_doc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        enum $name {
            $($(#[$variant_doc])* $variant,)+
        }

        impl LabelValues for $name {
            const ALL: &'static [$name] = &[$($name::$variant,)+];

            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl EncodeLabelValue for $name {
            fn encode(&self, encoder: &mut LabelValueEncoder) -> fmt::Result {
                encoder.write_str(self.as_str())
            }
        }
    };
}

/// How an interaction went (the `outcome` label): [`Served`]'s closed set.
impl LabelValues for Served {
    const ALL: &'static [Served] = &Served::ALL;

    fn as_str(self) -> &'static str {
        Served::as_str(self)
    }
}

impl EncodeLabelValue for Served {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> fmt::Result {
        encoder.write_str(Served::as_str(*self))
    }
}

label_values! {
    /// The kind of button clicked, the first part of its custom id.
    enum ButtonKind {
        Show => "show",
        Faq => "faq",
        Delete => "del",
        Vote => "vote",
        Post => "post",
        /// "That answers it" on a forum post's suggestion.
        Solved => "solved",
        /// "Not it" on a forum post's suggestion.
        NotIt => "notit",
        /// The confirmation of a `/knowledge remove`.
        Knowledge => "kb",
        /// "Write #n" on the gaps report.
        Write => "write",
        /// A custom id the bot does not make (an old message, a forged click).
        Other => "other",
    }
}

label_values! {
    /// The kind of form (modal) submitted, the first part of its custom id.
    enum FormKind {
        /// The `/knowledge` form.
        Knowledge => "kb",
        /// The optional reason of a 👎.
        Reason => "why",
        /// A custom id the bot does not make.
        Other => "other",
    }
}

label_values! {
    /// Interactions that are not a command, named by the front ends.
    enum Special {
        Ping => "ping",
        Mention => "mention",
        /// A suggestion posted in a new forum post.
        Forum => "forum",
        /// A signed HTTP request that is not an interaction.
        Malformed => "malformed",
        /// A gateway interaction that could not be read.
        Unreadable => "unreadable",
    }
}

label_values! {
    /// What became of a reload (the `result` label).
    enum ReloadResult {
        Success => "success",
        Failure => "failure",
    }
}

label_values! {
    /// What became of an insights record (the `state` label).
    enum RecordState {
        Accepted => "accepted",
        Written => "written",
        Dropped => "dropped",
        Failed => "failed",
    }
}

/// What was asked (the `command` label): one of [`COMMANDS`], a button, an autocomplete,
/// something else the front ends name, or a command the bot does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Asked {
    /// The name of one of [`COMMANDS`].
    Command(&'static str),
    Button(ButtonKind),
    Form(FormKind),
    /// Typing into an option of one of [`COMMANDS`] (`None`: of a command the bot does not have).
    Autocomplete(Option<&'static str>),
    Special(Special),
    /// A command the bot does not have (an old registration), or a label none of these know.
    Unknown,
}

impl Asked {
    /// The label a front end gives an interaction (`salary`, `button:show`,
    /// `autocomplete:ask`, `ping`...), within the closed set.
    fn from_label(label: &str) -> Self {
        let command = |name: &str| COMMANDS.iter().map(|spec| spec.name).find(|known| *known == name);
        if let Some(kind) = label.strip_prefix("button:") {
            return Asked::Button(ButtonKind::find(kind).unwrap_or(ButtonKind::Other));
        }
        if let Some(kind) = label.strip_prefix("form:") {
            return Asked::Form(FormKind::find(kind).unwrap_or(FormKind::Other));
        }
        if let Some(name) = label.strip_prefix("autocomplete:") {
            return Asked::Autocomplete(command(name));
        }
        if let Some(special) = Special::find(label) {
            return Asked::Special(special);
        }
        command(label).map_or(Asked::Unknown, Asked::Command)
    }
}

impl EncodeLabelValue for Asked {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> fmt::Result {
        match self {
            Asked::Command(name) => encoder.write_str(name),
            Asked::Button(kind) => write!(encoder, "button:{}", kind.as_str()),
            Asked::Form(kind) => write!(encoder, "form:{}", kind.as_str()),
            Asked::Autocomplete(name) => write!(encoder, "autocomplete:{}", name.unwrap_or("other")),
            Asked::Special(special) => encoder.write_str(special.as_str()),
            Asked::Unknown => encoder.write_str("unknown"),
        }
    }
}

/// A kind of knowledge entry (the `kind` label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EntryKind(Kind);

impl EncodeLabelValue for EntryKind {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> fmt::Result {
        encoder.write_str(self.0.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct InteractionLabels {
    command: Asked,
    outcome: Served,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct EntryLabels {
    kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ReloadLabels {
    result: ReloadResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RecordLabels {
    state: RecordState,
}

/// Every metric of one process.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    interactions: Family<InteractionLabels, Counter>,
    latency: Histogram,
    score: Histogram,
    knowledge: Family<EntryLabels, Gauge>,
    /// Unix seconds of the last knowledge load; 0 until the first.
    loaded_at: Gauge,
    reloads: Family<ReloadLabels, Counter>,
    /// 1 until a reload fails, back to 1 on the next one that succeeds.
    last_reload_ok: Gauge,
    invalid_signatures: Counter,
    signatures_checked: Counter,
    /// The insights queue whose counts are shown, once recording has started.
    recorder: Arc<OnceLock<Arc<RecordQueue>>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Every metric registered, at zero. Counters are registered without their `_total`,
    /// which the encoder appends.
    pub fn new() -> Self {
        let metrics = Metrics {
            registry: Registry::default(),
            interactions: Family::default(),
            latency: Histogram::new(LATENCY_BUCKETS),
            score: Histogram::new(SCORE_BUCKETS),
            knowledge: Family::default(),
            loaded_at: Gauge::default(),
            reloads: Family::default(),
            last_reload_ok: Gauge::default(),
            invalid_signatures: Counter::default(),
            signatures_checked: Counter::default(),
            recorder: Arc::new(OnceLock::new()),
        };
        metrics.last_reload_ok.set(1);
        // Both results show from the start, so that a rate of failures can be taken at once.
        for &result in ReloadResult::ALL {
            let _ = metrics.reloads.get_or_create(&ReloadLabels { result });
        }
        metrics.register()
    }

    /// Registers each metric, in the order they are rendered.
    fn register(mut self) -> Self {
        let registry = &mut self.registry;
        registry.register(
            "career_bot_interactions",
            "Interactions handled, by command and outcome",
            self.interactions.clone(),
        );
        registry.register(
            "career_bot_interaction_duration_seconds",
            "Time to verify, answer and serialise one interaction",
            self.latency.clone(),
        );
        registry.register(
            "career_bot_match_score",
            "Scores of the entries answers matched (0 to 1)",
            self.score.clone(),
        );
        registry.register(
            "career_bot_knowledge_entries",
            "Entries of the loaded knowledge base, by kind",
            self.knowledge.clone(),
        );
        registry.register(
            "career_bot_knowledge_loaded_timestamp_seconds",
            "Unix time of the last knowledge load (0: not loaded)",
            self.loaded_at.clone(),
        );
        registry.register(
            "career_bot_knowledge_reloads",
            "Knowledge reloads (file changes and SIGHUP) by result: success (served) or failure (refused, the last \
             good knowledge still served)",
            self.reloads.clone(),
        );
        registry.register(
            "career_bot_knowledge_last_reload_successful",
            "Whether the last knowledge reload was served (1) or refused (0); 1 before any reload",
            self.last_reload_ok.clone(),
        );
        registry.register(
            "career_bot_invalid_signatures",
            "Requests rejected for a missing or bad signature or a stale timestamp",
            self.invalid_signatures.clone(),
        );
        registry.register(
            "career_bot_signatures_checked",
            "Request signatures put to the verification equation (well-formed headers, recent timestamp)",
            self.signatures_checked.clone(),
        );
        registry.register_collector(Box::new(QueueCollector(Arc::clone(&self.recorder))));
        self
    }

    /// Records one handled interaction: its command label (`salary`, `button:show`...), how it
    /// was served, how long answering took and, when it matched an entry, the match score.
    pub fn record(&self, label: &str, outcome: Served, latency: Duration, score: Option<f32>) {
        let labels = InteractionLabels { command: Asked::from_label(label), outcome };
        self.interactions.get_or_create(&labels).inc();
        self.latency.observe(latency.as_secs_f64());
        if let Some(score) = score {
            self.score.observe(f64::from(score));
        }
    }

    /// Counts a request rejected because its signature or timestamp did not check out.
    pub fn invalid_signature(&self) {
        self.invalid_signatures.inc();
    }

    /// Counts a signature put to the verification equation.
    pub fn signature_checked(&self) {
        self.signatures_checked.inc();
    }

    /// Notes a (re)load of the knowledge base: its entries by kind and when it happened.
    pub fn knowledge_loaded(&self, knowledge: &KnowledgeBase, at: SystemTime) {
        for (kind, count) in knowledge.counts() {
            self.knowledge.get_or_create(&EntryLabels { kind: EntryKind(kind) }).set(count as i64);
        }
        let seconds = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.loaded_at.set(i64::try_from(seconds).unwrap_or(i64::MAX));
    }

    /// Counts a knowledge reload that was served; [`Metrics::knowledge_loaded`] notes what it
    /// loaded.
    pub fn reload_succeeded(&self) {
        self.reloads.get_or_create(&ReloadLabels { result: ReloadResult::Success }).inc();
        self.last_reload_ok.set(1);
    }

    /// Counts a knowledge reload that was refused (the last good knowledge is still served).
    pub fn reload_failed(&self) {
        self.reloads.get_or_create(&ReloadLabels { result: ReloadResult::Failure }).inc();
        self.last_reload_ok.set(0);
    }

    /// Shows the counts of `recorder` (the first one given) from now on.
    pub fn watch_queue(&self, recorder: Arc<RecordQueue>) {
        let _ = self.recorder.set(recorder);
    }

    /// Every metric in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        // Writing to a string does not fail, and neither do these label values.
        if let Err(err) = prometheus_text::encode(&mut out, &self.registry) {
            tracing::error!(%err, "could not render the metrics");
        }
        out
    }
}

/// The insights metrics, read from the watched [`RecordQueue`] at each scrape.
#[derive(Debug)]
struct QueueCollector(Arc<OnceLock<Arc<RecordQueue>>>);

impl Collector for QueueCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let recording = ConstGauge::new(i64::from(self.0.get().is_some()));
        recording.encode(encoder.encode_descriptor(
            "career_bot_insights_recording",
            "Whether missed questions and votes are being recorded (1) or not (0).",
            None,
            recording.metric_type(),
        )?)?;
        let stats = self.0.get().map(|recorder| recorder.stats()).unwrap_or_default();
        let mut family = encoder.encode_descriptor(
            "career_bot_insights_records",
            "Insights records by what became of them: accepted by the queue, written, dropped (queue full or \
             closed), failed (a database error).",
            None,
            MetricType::Counter,
        )?;
        for &state in RecordState::ALL {
            let count = match state {
                RecordState::Accepted => stats.accepted,
                RecordState::Written => stats.written,
                RecordState::Dropped => stats.dropped,
                RecordState::Failed => stats.failed,
            };
            ConstCounter::new(count).encode(family.encode_family(&RecordLabels { state })?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(text: &'a str, series: &str) -> Option<&'a str> {
        text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
    }

    #[test]
    fn counts_interactions_by_command_and_outcome() {
        let metrics = Metrics::new();
        metrics.record("salary", Served::Answered, Duration::from_micros(300), Some(1.0));
        metrics.record("salary", Served::Answered, Duration::from_millis(2), Some(0.55));
        metrics.record("ask", Served::Declined, Duration::from_secs(5), None);
        metrics.invalid_signature();
        for _ in 0..4 {
            metrics.signature_checked();
        }
        let text = metrics.render();
        assert_eq!(line(&text, r#"career_bot_interactions_total{command="salary",outcome="answered"}"#), Some("2"));
        assert_eq!(line(&text, r#"career_bot_interactions_total{command="ask",outcome="declined"}"#), Some("1"));
        assert_eq!(line(&text, "career_bot_invalid_signatures_total"), Some("1"));
        assert_eq!(line(&text, "career_bot_signatures_checked_total"), Some("4"));
        assert_eq!(line(&text, "career_bot_knowledge_loaded_timestamp_seconds"), Some("0"));
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let metrics = Metrics::new();
        metrics.record("ask", Served::Answered, Duration::from_micros(300), Some(0.55));
        metrics.record("ask", Served::Answered, Duration::from_millis(2), Some(0.95));
        metrics.record("ask", Served::Answered, Duration::from_secs(5), None);
        let text = metrics.render();
        let latency = "career_bot_interaction_duration_seconds";
        assert_eq!(line(&text, &format!("{latency}_bucket{{le=\"0.0001\"}}")), Some("0"));
        assert_eq!(line(&text, &format!("{latency}_bucket{{le=\"0.0005\"}}")), Some("1"));
        assert_eq!(line(&text, &format!("{latency}_bucket{{le=\"0.0025\"}}")), Some("2"));
        assert_eq!(line(&text, &format!("{latency}_bucket{{le=\"3\"}}")), Some("2"));
        assert_eq!(line(&text, &format!("{latency}_bucket{{le=\"+Inf\"}}")), Some("3"));
        assert_eq!(line(&text, &format!("{latency}_count")), Some("3"));
        let sum: f64 = line(&text, &format!("{latency}_sum")).unwrap().parse().unwrap();
        assert!((sum - 5.0023).abs() < 1e-9, "{sum}");
        assert_eq!(line(&text, "career_bot_match_score_bucket{le=\"0.5\"}"), Some("0"));
        assert_eq!(line(&text, "career_bot_match_score_bucket{le=\"0.6\"}"), Some("1"));
        assert_eq!(line(&text, "career_bot_match_score_bucket{le=\"1\"}"), Some("2"));
        assert_eq!(line(&text, "career_bot_match_score_count"), Some("2"));
    }

    #[test]
    fn knowledge_counts_and_load_time() {
        let faqs = "faqs:\n  - id: a\n    question: What is a backend?\n    answer: The server side.\n  \
                    - id: b\n    question: What is an API?\n    answer: An interface.\n";
        let knowledge = KnowledgeBase::from_sources(vec![crate::knowledge::Source::new("faqs.yaml", faqs)])
            .expect("the fixture is valid");
        let metrics = Metrics::new();
        metrics.knowledge_loaded(&knowledge, UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let text = metrics.render();
        assert_eq!(line(&text, r#"career_bot_knowledge_entries{kind="faq"}"#), Some("2"));
        assert_eq!(line(&text, r#"career_bot_knowledge_entries{kind="salary"}"#), Some("0"));
        assert_eq!(line(&text, "career_bot_knowledge_loaded_timestamp_seconds"), Some("1700000000"));
    }

    #[test]
    fn reloads_by_result_and_the_last_one() {
        let metrics = Metrics::new();
        let text = metrics.render();
        assert_eq!(line(&text, r#"career_bot_knowledge_reloads_total{result="failure"}"#), Some("0"));
        assert_eq!(line(&text, "career_bot_knowledge_last_reload_successful"), Some("1"));
        metrics.reload_succeeded();
        metrics.reload_failed();
        metrics.reload_failed();
        let text = metrics.render();
        assert_eq!(line(&text, r#"career_bot_knowledge_reloads_total{result="success"}"#), Some("1"));
        assert_eq!(line(&text, r#"career_bot_knowledge_reloads_total{result="failure"}"#), Some("2"));
        assert_eq!(line(&text, "career_bot_knowledge_last_reload_successful"), Some("0"));
        metrics.reload_succeeded();
        assert_eq!(line(&metrics.render(), "career_bot_knowledge_last_reload_successful"), Some("1"));
    }

    /// The labels besides the commands' names that keep their own series.
    const KNOWN_LABELS: [&str; 15] = [
        "button:show",
        "button:faq",
        "button:del",
        "button:vote",
        "button:post",
        "button:solved",
        "button:notit",
        "button:kb",
        "button:write",
        "form:kb",
        "form:why",
        "autocomplete:ask",
        "ping",
        "mention",
        "forum",
    ];

    /// Labels come from a closed set: every command, button and autocomplete the bot has keeps
    /// its name, and anything else a request names falls into `unknown` or `other`, so odd
    /// names cannot grow the series (nor need escaping).
    #[test]
    fn label_values_are_a_closed_set() {
        let metrics = Metrics::new();
        for spec in COMMANDS {
            metrics.record(spec.name, Served::Answered, Duration::ZERO, None);
        }
        for label in KNOWN_LABELS {
            metrics.record(label, Served::Answered, Duration::ZERO, None);
        }
        metrics.record("a\"b\\c\nd", Served::Answered, Duration::ZERO, None);
        for i in 0..200 {
            metrics.record(&format!("cmd{i}"), Served::Answered, Duration::ZERO, None);
            metrics.record(&format!("button:x{i}"), Served::Answered, Duration::ZERO, None);
            metrics.record(&format!("autocomplete:x{i}"), Served::Answered, Duration::ZERO, None);
            metrics.record(&format!("form:x{i}"), Served::Answered, Duration::ZERO, None);
        }
        for outcome in Served::ALL {
            metrics.record("malformed", outcome, Duration::ZERO, None);
        }
        let text = metrics.render();
        let count = |command: &str, outcome: &str| {
            line(&text, &format!("career_bot_interactions_total{{command=\"{command}\",outcome=\"{outcome}\"}}"))
        };
        for spec in COMMANDS {
            assert_eq!(count(spec.name, "answered"), Some("1"), "{}", spec.name);
        }
        for label in KNOWN_LABELS {
            assert_eq!(count(label, "answered"), Some("1"), "{label}");
        }
        assert_eq!(count("unknown", "answered"), Some("201"));
        assert_eq!(count("button:other", "answered"), Some("200"));
        assert_eq!(count("autocomplete:other", "answered"), Some("200"));
        assert_eq!(count("form:other", "answered"), Some("200"));
        for outcome in Served::ALL {
            assert_eq!(count("malformed", outcome.as_str()), Some("1"), "{outcome}");
        }
        let series = text.lines().filter(|l| l.starts_with("career_bot_interactions_total{")).count();
        assert_eq!(series, COMMANDS.len() + KNOWN_LABELS.len() + 4 + Served::ALL.len(), "{text}");
    }

    #[test]
    fn insights_records_by_state() {
        let metrics = Metrics::new();
        let text = metrics.render();
        assert_eq!(line(&text, "career_bot_insights_recording"), Some("0"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="written"}"#), Some("0"));

        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = crate::insights::Config::sqlite(dir.path().join("career-bot.sqlite3"));
        let recorder = Arc::new(RecordQueue::start(&config).expect("a fresh SQLite file opens"));
        metrics.watch_queue(Arc::clone(&recorder));
        let question = crate::feedback::Record::Question {
            text: "how do i bake bread".into(),
            best: None,
            score: 0.1,
            miss: crate::feedback::Miss::Declined,
        };
        recorder.push(question, Some(1), None);
        recorder.drain_and_close();
        let text = metrics.render();
        assert_eq!(line(&text, "career_bot_insights_recording"), Some("1"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="accepted"}"#), Some("1"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="written"}"#), Some("1"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="dropped"}"#), Some("0"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="failed"}"#), Some("0"));
    }

    /// Once it has a value: a family without any series (no interaction yet) is left out.
    #[test]
    fn every_metric_has_help_and_type() {
        let metrics = Metrics::new();
        assert!(!metrics.render().contains("career_bot_interactions_total"), "no interaction yet");
        metrics.record("help", Served::Answered, Duration::ZERO, None);
        let faqs = "faqs:\n  - id: a\n    question: What is a backend?\n    answer: The server side.\n";
        let knowledge = KnowledgeBase::from_sources(vec![crate::knowledge::Source::new("faqs.yaml", faqs)])
            .expect("the fixture is valid");
        metrics.knowledge_loaded(&knowledge, SystemTime::now());
        let text = metrics.render();
        for name in [
            "career_bot_interactions_total",
            "career_bot_interaction_duration_seconds",
            "career_bot_match_score",
            "career_bot_knowledge_entries",
            "career_bot_knowledge_loaded_timestamp_seconds",
            "career_bot_knowledge_reloads_total",
            "career_bot_knowledge_last_reload_successful",
            "career_bot_invalid_signatures_total",
            "career_bot_signatures_checked_total",
            "career_bot_insights_recording",
            "career_bot_insights_records_total",
        ] {
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
        assert!(!text.contains("_total_total"), "{text}");
        assert!(!text.contains(".."), "one full stop after each help text: {text}");
    }
}
