//! The Prometheus metrics of the Discord front ends, rendered in the text exposition format
//! 0.0.4: interactions by command and outcome, a latency histogram, a match-score histogram,
//! knowledge entries by kind, the time of the last knowledge load, knowledge reloads by result
//! and whether the last one succeeded, the count of requests rejected for a bad signature, the
//! signatures checked, and what became of the insights records (accepted, written, dropped, failed) when a
//! [`Recorder`] is watched.
//!
//! Plain atomics and a mutex, no runtime: the HTTP endpoint and the gateway both record here.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::insights::Recorder;
use crate::knowledge::{Kind, KnowledgeBase};

/// The content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Upper bounds, in seconds, of the latency buckets: a reply is built in well under a
/// millisecond, so the fine buckets are where the answers land; Discord's deadline is 3 s.
const LATENCY_BUCKETS: &[f64] = &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0, 3.0];

/// Upper bounds of the match-score buckets (scores run from 0 to 1).
const SCORE_BUCKETS: &[f64] = &[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// Distinct (command, outcome) series kept; later ones are counted under `other`, so that odd
/// command names or custom ids cannot grow the registry without bound.
const MAX_SERIES: usize = 128;

/// The label of the series that absorbs everything past [`MAX_SERIES`].
const OTHER: &str = "other";

/// Interaction counts by command, then outcome, in the order they are rendered.
#[derive(Debug, Default)]
struct Series {
    by_command: BTreeMap<String, BTreeMap<String, u64>>,
    len: usize,
}

impl Series {
    /// Counts one `(command, outcome)`; past [`MAX_SERIES`] a new pair counts under `other`.
    /// A pair already seen costs no allocation.
    fn count(&mut self, command: &str, outcome: &str) {
        if let Some(count) = self.by_command.get_mut(command).and_then(|outcomes| outcomes.get_mut(outcome)) {
            *count += 1;
            return;
        }
        let (command, outcome) = if self.len < MAX_SERIES { (command, outcome) } else { (OTHER, OTHER) };
        let count = self.by_command.entry(command.to_owned()).or_default().entry(outcome.to_owned()).or_insert(0);
        if *count == 0 {
            self.len += 1;
        }
        *count += 1;
    }
}

/// Every metric of one process.
#[derive(Debug)]
pub struct Metrics {
    interactions: Mutex<Series>,
    latency: Histogram,
    score: Histogram,
    knowledge: Mutex<Vec<(Kind, usize)>>,
    /// Unix seconds of the last knowledge load; 0 until the first.
    loaded_at: AtomicU64,
    invalid_signatures: AtomicU64,
    signatures_checked: AtomicU64,
    reloads_succeeded: AtomicU64,
    reloads_failed: AtomicU64,
    /// 1 until a reload fails, back to 1 on the next one that succeeds.
    last_reload_ok: AtomicU64,
    /// The insights queue whose counts are shown, once recording has started.
    recorder: OnceLock<Arc<Recorder>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// An empty registry.
    pub fn new() -> Self {
        Metrics {
            interactions: Mutex::new(Series::default()),
            latency: Histogram::new(LATENCY_BUCKETS),
            score: Histogram::new(SCORE_BUCKETS),
            knowledge: Mutex::new(Vec::new()),
            loaded_at: AtomicU64::new(0),
            invalid_signatures: AtomicU64::new(0),
            signatures_checked: AtomicU64::new(0),
            reloads_succeeded: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
            last_reload_ok: AtomicU64::new(1),
            recorder: OnceLock::new(),
        }
    }

    /// Records one handled interaction: its command label (`salary`, `button:show`...), its
    /// outcome (`answered`, `rate-limited`, `error`...), how long answering took and, when it
    /// matched an entry, the match score.
    pub fn record(&self, label: &str, outcome: &str, latency: Duration, score: Option<f32>) {
        self.interactions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).count(label, outcome);
        self.latency.observe(latency.as_secs_f64());
        if let Some(score) = score {
            self.score.observe(f64::from(score));
        }
    }

    /// Counts a request rejected because its signature or timestamp did not check out.
    pub fn invalid_signature(&self) {
        self.invalid_signatures.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a signature put to the verification equation.
    pub fn signature_checked(&self) {
        self.signatures_checked.fetch_add(1, Ordering::Relaxed);
    }

    /// Notes a (re)load of the knowledge base: its entries by kind and when it happened.
    pub fn knowledge_loaded(&self, knowledge: &KnowledgeBase, at: SystemTime) {
        *self.knowledge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = knowledge.counts().to_vec();
        let seconds = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.loaded_at.store(seconds, Ordering::Relaxed);
    }

    /// Counts a knowledge reload that was served; [`Metrics::knowledge_loaded`] notes what it
    /// loaded.
    pub fn reload_succeeded(&self) {
        self.reloads_succeeded.fetch_add(1, Ordering::Relaxed);
        self.last_reload_ok.store(1, Ordering::Relaxed);
    }

    /// Counts a knowledge reload that was refused (the last good knowledge is still served).
    pub fn reload_failed(&self) {
        self.reloads_failed.fetch_add(1, Ordering::Relaxed);
        self.last_reload_ok.store(0, Ordering::Relaxed);
    }

    /// Shows the counts of `recorder` (the first one given) from now on.
    pub fn watch_recorder(&self, recorder: Arc<Recorder>) {
        let _ = self.recorder.set(recorder);
    }

    /// Every metric in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        header(&mut out, "career_bot_interactions_total", "counter", "Interactions handled, by command and outcome.");
        let series = self.interactions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).by_command.clone();
        for (command, outcome, count) in
            series.iter().flat_map(|(c, outcomes)| outcomes.iter().map(move |(o, n)| (c, o, n)))
        {
            let _ = writeln!(
                out,
                "career_bot_interactions_total{{command=\"{}\",outcome=\"{}\"}} {count}",
                escape(command),
                escape(outcome)
            );
        }
        self.latency.render(
            &mut out,
            "career_bot_interaction_duration_seconds",
            "Time to verify, answer and serialise one interaction.",
        );
        self.score.render(&mut out, "career_bot_match_score", "Scores of the entries answers matched (0 to 1).");
        header(&mut out, "career_bot_knowledge_entries", "gauge", "Entries of the loaded knowledge base, by kind.");
        for (kind, count) in self.knowledge.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter() {
            let _ = writeln!(out, "career_bot_knowledge_entries{{kind=\"{kind}\"}} {count}");
        }
        single(
            &mut out,
            "career_bot_knowledge_loaded_timestamp_seconds",
            "gauge",
            "Unix time of the last knowledge load (0: not loaded).",
            self.loaded_at.load(Ordering::Relaxed),
        );
        header(
            &mut out,
            "career_bot_knowledge_reloads_total",
            "counter",
            "Knowledge reloads (file changes and SIGHUP) by result: success (served) or failure (refused, the last \
             good knowledge still served).",
        );
        for (result, count) in [("success", &self.reloads_succeeded), ("failure", &self.reloads_failed)] {
            let _ = writeln!(
                out,
                "career_bot_knowledge_reloads_total{{result=\"{result}\"}} {}",
                count.load(Ordering::Relaxed)
            );
        }
        single(
            &mut out,
            "career_bot_knowledge_last_reload_successful",
            "gauge",
            "Whether the last knowledge reload was served (1) or refused (0); 1 before any reload.",
            self.last_reload_ok.load(Ordering::Relaxed),
        );
        single(
            &mut out,
            "career_bot_invalid_signatures_total",
            "counter",
            "Requests rejected for a missing or bad signature or a stale timestamp.",
            self.invalid_signatures.load(Ordering::Relaxed),
        );
        single(
            &mut out,
            "career_bot_signatures_checked_total",
            "counter",
            "Request signatures put to the verification equation (well-formed headers, recent timestamp).",
            self.signatures_checked.load(Ordering::Relaxed),
        );
        single(
            &mut out,
            "career_bot_insights_recording",
            "gauge",
            "Whether missed questions and votes are being recorded (1) or not (0).",
            u8::from(self.recorder.get().is_some()),
        );
        header(
            &mut out,
            "career_bot_insights_records_total",
            "counter",
            "Insights records by what became of them: accepted by the queue, written, dropped (queue full or \
             closed), failed (a database error).",
        );
        let stats = self.recorder.get().map(|r| r.stats()).unwrap_or_default();
        for (state, count) in [
            ("accepted", stats.accepted),
            ("written", stats.written),
            ("dropped", stats.dropped),
            ("failed", stats.failed),
        ] {
            let _ = writeln!(out, "career_bot_insights_records_total{{state=\"{state}\"}} {count}");
        }
        out
    }
}

/// A histogram with fixed buckets; counts are per bucket and summed up when rendered.
#[derive(Debug)]
struct Histogram {
    bounds: &'static [f64],
    /// One count per bound, then the overflow (`+Inf`) bucket.
    counts: Vec<AtomicU64>,
    /// The sum of observations, as `f64` bits.
    sum: AtomicU64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Histogram { bounds, counts: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(), sum: AtomicU64::new(0) }
    }

    fn observe(&self, value: f64) {
        let bucket = self.bounds.iter().position(|&bound| value <= bound).unwrap_or(self.bounds.len());
        self.counts[bucket].fetch_add(1, Ordering::Relaxed);
        let _ = self
            .sum
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| Some((f64::from_bits(bits) + value).to_bits()));
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        header(out, name, "histogram", help);
        let mut total = 0;
        for (i, count) in self.counts.iter().enumerate() {
            total += count.load(Ordering::Relaxed);
            match self.bounds.get(i) {
                Some(bound) => {
                    let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {total}");
                }
                None => {
                    let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {total}");
                }
            }
        }
        let _ = writeln!(out, "{name}_sum {}", f64::from_bits(self.sum.load(Ordering::Relaxed)));
        let _ = writeln!(out, "{name}_count {total}");
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A metric without labels: its header and its one value.
fn single(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    header(out, name, kind, help);
    let _ = writeln!(out, "{name} {value}");
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
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
        metrics.record("salary", "answered", Duration::from_micros(300), Some(1.0));
        metrics.record("salary", "answered", Duration::from_millis(2), Some(0.55));
        metrics.record("ask", "declined", Duration::from_secs(5), None);
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
        metrics.record("ask", "answered", Duration::from_micros(300), Some(0.55));
        metrics.record("ask", "answered", Duration::from_millis(2), Some(0.95));
        metrics.record("ask", "answered", Duration::from_secs(5), None);
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

    #[test]
    fn label_values_are_escaped_and_series_bounded() {
        let metrics = Metrics::new();
        metrics.record("a\"b\\c\nd", "answered", Duration::ZERO, None);
        for i in 0..MAX_SERIES + 10 {
            metrics.record(&format!("cmd{i}"), "answered", Duration::ZERO, None);
        }
        let text = metrics.render();
        assert!(text.contains(r#"command="a\"b\\c\nd""#), "{text}");
        let series = text.lines().filter(|l| l.starts_with("career_bot_interactions_total{")).count();
        assert_eq!(series, MAX_SERIES + 1);
        assert_eq!(line(&text, r#"career_bot_interactions_total{command="other",outcome="other"}"#), Some("11"));
    }

    #[test]
    fn insights_records_by_state() {
        let metrics = Metrics::new();
        let text = metrics.render();
        assert_eq!(line(&text, "career_bot_insights_recording"), Some("0"));
        assert_eq!(line(&text, r#"career_bot_insights_records_total{state="written"}"#), Some("0"));

        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = crate::insights::Config::sqlite(dir.path().join("career-bot.sqlite3"));
        let recorder = Arc::new(Recorder::start(&config).expect("a fresh SQLite file opens"));
        metrics.watch_recorder(Arc::clone(&recorder));
        let question = crate::insights::Record::Question {
            text: "how do i bake bread".into(),
            best: None,
            score: 0.1,
            miss: crate::insights::Miss::Declined,
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

    #[test]
    fn every_metric_has_help_and_type() {
        let text = Metrics::new().render();
        for name in [
            "career_bot_interactions_total",
            "career_bot_interaction_duration_seconds",
            "career_bot_match_score",
            "career_bot_knowledge_entries",
            "career_bot_knowledge_loaded_timestamp_seconds",
            "career_bot_knowledge_reloads_total",
            "career_bot_knowledge_last_reload_successful",
            "career_bot_invalid_signatures_total",
            "career_bot_insights_recording",
            "career_bot_insights_records_total",
        ] {
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
    }
}
