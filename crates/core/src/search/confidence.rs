//! What a match means: the probability that an entry is the right answer to a question, and the
//! bands that decide between answering, answering with "did you mean" alternatives, and
//! declining.
//!
//! The probability is a logistic model over what ranking saw of each candidate entry
//! ([`Evidence`]: how much of the question it covers, with and without the words the knowledge
//! never uses, its best phrase, its margin over the runner-up, words of another field, typo
//! corrections, agreement with the question's intent and level). Its weights are fitted on every
//! tuning set (`tests/eval/questions.yaml`, `training*.yaml` and `dev.yaml` to `dev-5.yaml`; never
//! a held-out set) by `cargo run -p career-bot-core --example fit_confidence`, which also reports
//! 5-fold and leave-one-set-out figures (each set predicted by weights fitted on the others). The
//! bands were chosen from the leave-one-set-out predictions, so that an answer given without
//! alternatives is right about 99% of the time on a set the weights never saw.

use super::index::Candidate;

/// At or above: the bot answers with no "did you mean" alternatives (only its likely neighbours).
pub const CONFIDENT: f32 = 0.97;
/// At or above (and below [`CONFIDENT`]): the bot answers and offers alternatives.
/// Below: the bot declines and shows the closest entries as suggestions.
pub const POSSIBLE: f32 = 0.50;

/// How many features the model reads.
pub const FEATURES: usize = 16;

/// The features' names, in order (for the fitting report).
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "score",
    "coverage",
    "known coverage",
    "best phrase",
    "phrase: query",
    "phrase: own",
    "information",
    "words matched",
    "one word",
    "margin",
    "unknown words",
    "other field",
    "corrected",
    "level cue",
    "intent",
    "ranked first",
];

/// A logistic model: `p = 1 / (1 + e^-(bias + weights · features))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    pub bias: f64,
    pub weights: [f64; FEATURES],
}

/// The fitted model (see the module's documentation for how it was fitted).
pub const MODEL: Model = Model {
    bias: -7.4463,
    weights: [
        1.2385, 1.9410, -0.0054, 0.3798, -0.1163, 1.6262, 0.8629, 1.4617, -0.7920, 0.8741, 0.2595, -2.4396, 0.4873,
        1.3397, -0.4195, 1.6380,
    ],
};

impl Model {
    /// The probability that a candidate with these features is right.
    pub fn probability(&self, features: &[f64; FEATURES]) -> f64 {
        let z = self.bias + self.weights.iter().zip(features).map(|(w, x)| w * x).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The features of the `rank`-th candidate (by lexical score) among `all`.
pub fn features(all: &[Candidate], rank: usize) -> [f64; FEATURES] {
    let c = &all[rank];
    let runner_up = all.iter().enumerate().filter(|&(i, _)| i != rank).map(|(_, o)| o.score).fold(0.0, f32::max);
    let e = &c.evidence;
    [
        c.score,
        e.coverage,
        e.known_coverage,
        e.phrase,
        e.phrase_query,
        e.phrase_own,
        (1.0 + e.information).ln(),
        (1.0 + e.matched).ln(),
        if e.matched <= 1.0 { 1.0 } else { 0.0 },
        c.score - runner_up,
        e.unknown,
        e.field,
        e.corrected,
        e.cue,
        e.intent,
        if rank == 0 { 1.0 } else { 0.0 },
    ]
    .map(f64::from)
}

/// The three bands of a probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Answer.
    Sure,
    /// Answer, and offer "did you mean" alternatives.
    Unsure,
    /// Decline politely, suggest the closest entries.
    Unknown,
}

impl Confidence {
    pub fn of(probability: f32) -> Self {
        if probability >= CONFIDENT {
            Confidence::Sure
        } else if probability >= POSSIBLE {
            Confidence::Unsure
        } else {
            Confidence::Unknown
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Sure => "answered",
            Confidence::Unsure => "suggested",
            Confidence::Unknown => "declined",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_ordered() {
        const { assert!(POSSIBLE < CONFIDENT) };
        assert_eq!(Confidence::of(1.0), Confidence::Sure);
        assert_eq!(Confidence::of(CONFIDENT), Confidence::Sure);
        assert_eq!(Confidence::of(POSSIBLE), Confidence::Unsure);
        assert_eq!(Confidence::of(0.0), Confidence::Unknown);
    }

    #[test]
    fn the_probability_grows_with_the_evidence() {
        let weak = [0.2, 0.2, 0.3, 0.2, 0.2, 0.3, 0.7, 0.7, 1.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0];
        let strong = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 2.5, 1.4, 0.0, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        assert!(MODEL.probability(&strong) > MODEL.probability(&weak));
        assert!((0.0..=1.0).contains(&MODEL.probability(&weak)));
    }
}
