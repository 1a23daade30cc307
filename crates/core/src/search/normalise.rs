//! Turns text into the tokens the index compares: lower case, split on anything that is not a
//! letter or digit, letters split from digits (`50l` → `50`, `l`), then lightly stemmed so that
//! `tests`, `testing` and `tested` meet. The same function runs on knowledge and on queries.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

/// A token as typed (lower case) and its stem.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub raw: String,
    pub stem: String,
    /// Edits made to correct a typo (0 as typed).
    pub edits: u8,
}

/// Words that carry no meaning for matching. Question words (`what`, `how`, `which`, `do`)
/// are kept: they tell a role question ("what does a senior do") from a salary one.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "am", "was", "were", "be", "been", "being", "to", "of", "in", "on", "at", "by",
    "for", "from", "with", "and", "or", "but", "if", "so", "as", "it", "its", "this", "that", "these", "those", "i",
    "me", "my", "we", "our", "you", "your", "u", "ur", "he", "she", "they", "them", "their", "there", "here", "im",
    "ive", "id", "ill", "can", "could", "would", "should", "shud", "will", "shall", "may", "might", "must", "just",
    "really", "very", "even", "also", "too", "some", "any", "all", "about", "into", "than", "then", "get", "got",
    "pls", "plz", "please", "bro", "guys", "hi", "hello", "hey", "thanks", "ok", "okay", "like", "stuff", "thing",
    "things", "one", "only", "much", "many", "more", "most", "kind", "sort", "lot", "lots", "actually", "exactly",
    "kya", "hai", "ka", "ki", "ke", "ko", "hota", "hoti", "hote", "hain", "mein", "bhi", "toh", "tho", "se", "aur",
    "yaar", "na", "nahi", "nhi", "nai", "kaun", "sa", "wala", "wali", "walo", "af", "etc", "h", "ho", "hu", "hoon",
    "tha", "thi", "kitna", "kitni", "kitne", "milta", "milti", "milega", "milegi", "krta", "karta", "karti", "krti",
    "karte", "krte", "kare", "kre", "karu", "kru", "karun", "karo", "karna", "karne", "karni", "krna", "batao", "bata",
    "bataye", "ya", "sirf", "wagera", "wagaira", "itni", "itna", "aata", "aati", "aate", "padega", "padta", "dekhna",
    "chahiye", "chaiye", "chahie", "kaha", "kahan", "kaafi", "kafi", "liye", "jagah", "kab", "koi", "kuch", "abhi",
    "bahut", "bohot", "bahot", "bhot", "bht", "sab", "raha", "rahi", "rahe", "rha", "rhi", "rhe", "pe", "par", "ek",
    "mujhe", "mera", "meri", "apna", "apne", "anyone", "someone", "everyone", "up", "bhai", "dude", "folks", "us",
    "kinds", "sorts",
];

/// Chat around a question (apologies, asides, hedges and interjections: `sorry`, `dumb
/// question`, `tbh`, `lmao`), negated helper verbs as typed without their apostrophe (`dont`,
/// `isnt`: the apostrophe is dropped, so "didn't" is one word) and Hinglish verbs, pronouns and
/// particles, in their common spellings, that carry grammar, not the topic (`matlab`, `lagana`,
/// `kis`, `kiya`, `aisa`, `smjh`): stopwords too, kept apart as text so that the list above
/// stays compact.
const CHAT: &str = "sorry dumb silly stupid noob question questions doubt doubts quick honest honestly basically \
    literally btw tbh imo imho lol yeah yea hmm umm confused confusing advice thoughts anybody \
    somebody everybody fellow kindly curious wondering seriously totally pretty anyway anyways \
    matlab samjhao samjha kar kr diya gaya gayi jata jaata jati hoga hogi hona wale lagana lagane \
    lagaye lagta lagti sakta sakte sakti skta pata janna kis kisi lu mile aana \
    kaisa ye yeh wo woh vo ab tak ne saath karke jaye jayega gaye samajh samjh smjh smajh aap aisa aise \
    aisi waisa jaisa jaise isme usme iska uska inka unka hum humko mujhko tum tera teri kiya kiye karunga \
    karenge chahta chahti chahte \
    lmao lmfao haha hahaha ngl lowkey ugh idk nah \
    dont didnt doesnt isnt arent wasnt werent cant couldnt wouldnt shouldnt wont havent hasnt hadnt";

/// A listed stopword ([`stopwords`]) or a calendar year.
pub fn is_stopword(raw: &str) -> bool {
    // Asked for every word of every query and every typo candidate: a set, not a scan.
    static SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| stopwords().collect());
    SET.contains(raw) || is_year(raw)
}

/// A calendar year (`2026`, `1999`): when a question is asked ("in 2026") says nothing about
/// what it asks, and the knowledge's own "in 2026" phrasings should not outweigh its topic.
fn is_year(raw: &str) -> bool {
    raw.len() == 4 && (raw.starts_with("19") || raw.starts_with("20")) && raw.bytes().all(|b| b.is_ascii_digit())
}

/// Common English words of four to twelve letters (SCOWL's size-35 American list, names of
/// days, months and peoples lower-cased; its licence in `english-words.LICENSE` beside it). A word of this list is never "corrected" into a word of
/// the knowledge: `train` is not a typo of `trainee`, nor `whenever` of `whoever`.
const ENGLISH_WORDS: &str = include_str!("english-words.txt");

/// Whether `raw` is a common English word (see [`ENGLISH_WORDS`]). The list is sorted, one word
/// a line, and searched where it lies (as `look(1)` does): no set is built, so a cold start pays
/// nothing for it.
pub fn is_english_word(raw: &str) -> bool {
    let text = ENGLISH_WORDS.as_bytes();
    let (mut low, mut high) = (0, text.len());
    while low < high {
        // The line holding byte `middle`, from its start to its end.
        let middle = low + (high - low) / 2;
        let start = text[..middle].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1).max(low);
        let end = text[start..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| start + i);
        match text[start..end].cmp(raw.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

/// Every stopword (typos of them are corrected to them, then dropped).
pub fn stopwords() -> impl Iterator<Item = &'static str> {
    STOPWORDS.iter().copied().chain(CHAT.split_whitespace())
}

/// Units written straight after a figure (`50l`, `12lpa`, `80k`), split off so that the figure
/// and the unit are words of their own.
const FIGURE_UNITS: &[&str] = &["lpa", "lakhs", "lakh", "lacs", "lac", "l", "k", "cr"];

/// Splits text into lower-case words (runs of letters and digits, apostrophes dropped); a
/// figure with a unit glued to it (`50l`) becomes two words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |word| out.push(word.to_owned()));
    out
}

/// Calls `f` with each word of [`words`], in order, without allocating a string per word.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if current.is_empty() {
            return;
        }
        let digits = current.bytes().take_while(u8::is_ascii_digit).count();
        match FIGURE_UNITS.iter().find(|unit| digits > 0 && &current[digits..] == **unit) {
            Some(unit) => {
                f(&current[..digits]);
                f(unit);
            }
            None => f(current),
        }
        current.clear();
    };
    for c in text.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
}

/// The words (counted as [`words`] counts them) of the sentence that asks, when a question has
/// several: the last sentence with a question mark, else the last one. `None` for a question of
/// one sentence. A sentence ends at `?`, `!`, a line break, or a full stop before a space, so
/// that `node.js` and `2.5 yoe` stay whole; sentences without a word (`😭`) are not counted.
pub fn asking_words(text: &str) -> Option<std::ops::Range<usize>> {
    let mut sentences: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    let (mut start, mut counted) = (0, 0);
    let mut close = |sentence: &str, sentences: &mut Vec<(std::ops::Range<usize>, bool)>| {
        let mut count = 0;
        each_word(sentence, |_| count += 1);
        if count > 0 {
            sentences.push((counted..counted + count, sentence.contains('?')));
            counted += count;
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let full_stop = c == '.' && chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        if matches!(c, '?' | '!' | '\n') || full_stop {
            let end = at + c.len_utf8();
            close(&text[start..end], &mut sentences);
            start = end;
        }
    }
    close(&text[start..], &mut sentences);
    if sentences.len() < 2 {
        return None;
    }
    let asking = sentences.iter().rev().find(|(_, asks)| *asks).or(sentences.last());
    asking.map(|(words, _)| words.clone())
}

/// Whether a word is a salary unit, which makes the figure before it a salary.
pub fn is_salary_unit(word: &str) -> bool {
    matches!(word, "lpa" | "lakh" | "lakhs" | "lac" | "lacs" | "l")
}

/// A light suffix stripper: plural `s`, `ing`, `ed`, a final `e`. Stable (the stem of a stem
/// is itself) and the same on both sides, which is all matching needs.
pub fn stem(word: &str) -> String {
    let mut w = word;
    if w.chars().count() <= 3 || !w.is_ascii() {
        return w.to_owned();
    }
    if let Some(base) = w.strip_suffix("ies").filter(|b| b.len() >= 3) {
        return format!("{base}y");
    }
    if w.ends_with('s') && !["ss", "us", "is", "as"].iter().any(|end| w.ends_with(end)) {
        w = &w[..w.len() - 1];
    }
    if let Some(base) = w.strip_suffix("ing").filter(|b| b.len() >= 3) {
        w = base;
    } else if let Some(base) = w.strip_suffix("ed").filter(|b| b.len() >= 3) {
        w = base;
    } else if let Some(base) = w.strip_suffix("ment").filter(|b| b.len() >= 4) {
        w = base;
    } else if let Some(base) = w.strip_suffix("er").filter(|b| b.len() >= 4) {
        w = base;
    }
    if w.len() > 4 && w.ends_with('e') {
        w = &w[..w.len() - 1];
    }
    w.to_owned()
}

/// Words with their stems, stopwords kept (synonym phrases may contain them).
pub fn tokens(text: &str) -> Vec<Token> {
    words(text).into_iter().map(|raw| Token { stem: stem(&raw), raw, edits: 0 }).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_listed_english_word_is_found_and_nothing_else() {
        let listed: Vec<&str> = ENGLISH_WORDS.lines().collect();
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "the list must stay sorted and without repeats");
        for word in &listed {
            assert!(is_english_word(word), "{word}");
        }
        for other in ["", "a", "aaaa", "zzzzzz", "trainee", "kubernetes", "sallary", "train ", "Train"] {
            assert_eq!(is_english_word(other), listed.contains(&other), "{other:?}");
        }
        assert!(is_english_word("train") && is_english_word(listed[0]) && is_english_word(listed[listed.len() - 1]));
    }

    use super::*;

    #[test]
    fn stopwords_are_exactly_the_listed_words() {
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(stopwords().all(is_stopword));
        // Question words are kept, and so is anything near a stopword.
        for kept in ["what", "how", "which", "do", "salary", "", "the ", "thee", "th", "A"] {
            assert!(!is_stopword(kept), "{kept:?}");
        }
    }

    #[test]
    fn calendar_years_are_stopwords_and_other_numbers_are_not() {
        for year in ["2026", "2025", "1999"] {
            assert!(is_stopword(year), "{year}");
        }
        for kept in ["12", "50", "202", "20266", "3000", "2o26"] {
            assert!(!is_stopword(kept), "{kept}");
        }
    }

    #[test]
    fn words_split_on_punctuation_and_digits() {
        assert_eq!(
            words("What's CI/CD? 50L+ sde2 k8s 12lpa"),
            ["whats", "ci", "cd", "50", "l", "sde2", "k8s", "12", "lpa"]
        );
    }

    proptest::proptest! {
        /// The asking sentence's words are some of the question's words, never past its end, so
        /// that slicing the question's tokens with them cannot fail.
        #[test]
        fn the_asking_sentence_lies_within_the_question(text in "[a-z0-9 .?!\n'é😭]{0,60}") {
            if let Some(range) = asking_words(&text) {
                proptest::prop_assert!(range.start < range.end && range.end <= words(&text).len(), "{range:?} in {text:?}");
            }
        }
    }

    #[test]
    fn the_asking_sentence_is_the_last_with_a_question_mark_else_the_last() {
        let asking = |text: &str| asking_words(text).map(|r| words(text)[r].join(" "));
        assert_eq!(
            asking("i have an offer in hand. what will i do as a junior?").as_deref(),
            Some("what will i do as a junior")
        );
        assert_eq!(
            asking("how much does a senior earn? thanks in advance!").as_deref(),
            Some("how much does a senior earn")
        );
        assert_eq!(
            asking("joined last week\nmy lead said check the dashboards").as_deref(),
            Some("my lead said check the dashboards")
        );
        assert_eq!(asking("3 yrs exp... what should i ask for? 😭").as_deref(), Some("what should i ask for"));
        for one in ["is node.js fast?", "2.5 yoe, what salary?", "what is docker? 😅", "", "??"] {
            assert_eq!(asking_words(one), None, "{one:?} is one sentence");
        }
    }

    #[test]
    fn stems_meet() {
        for group in [
            ["tests", "testing", "tested"],
            ["caches", "caching", "cache"],
            ["designs", "designing", "design"],
            ["developer", "development", "developers"],
        ] {
            let stems: Vec<_> = group.iter().map(|w| stem(w)).collect();
            assert!(stems.windows(2).all(|p| p[0] == p[1]), "{group:?} -> {stems:?}");
        }
    }

    #[test]
    fn stemming_is_stable() {
        for w in ["salary", "databases", "authentication", "queries", "process", "status"] {
            let once = stem(w);
            assert_eq!(stem(&once), once, "{w}");
        }
    }

    #[test]
    fn short_and_non_ascii_words_are_left_alone() {
        assert_eq!(stem("apis"), "apis");
        assert_eq!(stem("नमस्ते"), "नमस्ते");
    }
}
