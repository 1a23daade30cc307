//! What a match score means. The two thresholds below are the only place where the bot decides
//! between answering, answering with "did you mean" alternatives, and declining. They were
//! chosen from the evaluation set (`career-bot eval tests/eval/questions.yaml`): the lowest
//! in-domain scores sit above [`POSSIBLE`] and out-of-domain questions score below it.

/// At or above: the bot answers with no alternatives.
pub const CONFIDENT: f32 = 0.55;
/// At or above (and below [`CONFIDENT`]): the bot answers and offers alternatives.
/// Below: the bot declines and shows the closest entries as suggestions.
pub const POSSIBLE: f32 = 0.38;

/// The three bands of a score.
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
    pub fn of(score: f32) -> Self {
        if score >= CONFIDENT {
            Confidence::Sure
        } else if score >= POSSIBLE {
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
}
