//! Speed of the core: start-up (load + validate + index + reply checks of the built-in
//! knowledge, and reading back the built-in bot checked at build time, which is what the binary
//! does), one `ask`, one autocomplete; and the same on a generated knowledge base of
//! 10,000 FAQs (index build, `ask`), with the index's memory per entry.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use career_bot::Bot;
use career_bot::knowledge::{KnowledgeBase, Source, source};
use career_bot::search::Matcher;
use criterion::{Criterion, criterion_group, criterion_main};

/// Counts live heap bytes, to report the index's memory per entry.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const QUESTIONS: [&str; 6] = [
    "wat is teh sallary of frehser",
    "how much do sr backend engineers earn in india",
    "sql or nosql for a new side project? pg vs mongo",
    "jwt vs session based auth which is better",
    "best biryani spot near koramangala",
    "roadmap system design",
];

fn builtin(c: &mut Criterion) {
    c.bench_function("startup: load + validate + index built-in knowledge", |b| {
        b.iter(|| black_box(Bot::from_sources(source::builtin()).expect("valid")))
    });
    c.bench_function("startup: the built-in bot checked at build time, read back", |b| {
        b.iter(|| black_box(career_bot::builtin::bot().expect("valid")))
    });
    let bot = Bot::builtin().expect("valid");
    let mut i = 0;
    c.bench_function("ask (built-in knowledge)", |b| {
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(bot.matcher().ask(QUESTIONS[i]))
        })
    });
    let partials = ["sal", "how much do", "roadmap da", "wat is teh sa", "", "k8s"];
    let mut j = 0;
    c.bench_function("autocomplete (built-in knowledge)", |b| {
        b.iter(|| {
            j = (j + 1) % partials.len();
            black_box(bot.autocomplete("ask", "question", partials[j]))
        })
    });
}

/// A deterministic pseudo-random generator (no dependency needed for test data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// 10,000 FAQs over a vocabulary of a few thousand made-up and real words.
fn generated(entries: usize) -> Vec<Source> {
    let syllables =
        ["ka", "lo", "mi", "ter", "san", "vex", "dra", "pol", "qui", "ren", "sto", "bar", "fen", "gul", "hin"];
    let mut rng = Lcg(7);
    let mut vocab: Vec<String> = (0..4000)
        .map(|_| (0..2 + rng.next(3)).map(|_| syllables[rng.next(syllables.len())]).collect::<String>())
        .collect();
    vocab.extend(
        ["backend", "database", "salary", "api", "cache", "deploy", "test", "design", "queue", "index"]
            .map(String::from),
    );
    let sentence = |rng: &mut Lcg, words: usize| {
        (0..words).map(|_| vocab[rng.next(vocab.len())].as_str()).collect::<Vec<_>>().join(" ")
    };
    let mut yaml = String::from("faqs:\n");
    for i in 0..entries {
        let question = sentence(&mut rng, 8);
        let phrasings: Vec<String> = (0..3).map(|_| format!("\"{}\"", sentence(&mut rng, 7))).collect();
        let answer = sentence(&mut rng, 60);
        yaml.push_str(&format!(
            "  - id: entry-{i}\n    question: \"{question}?\"\n    phrasings: [{}]\n    answer: \"{answer}.\"\n    tags: [t{}]\n",
            phrasings.join(", "),
            i % 50
        ));
    }
    vec![Source::new("generated.yaml", yaml)]
}

fn scale(c: &mut Criterion) {
    let kb = KnowledgeBase::from_sources(generated(10_000)).expect("generated knowledge is valid");
    let before = LIVE.load(Ordering::Relaxed);
    let matcher = Matcher::new(&kb);
    let index_bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    eprintln!("index of 10,000 FAQs: {index_bytes} bytes, {} bytes per entry", index_bytes / 10_000);
    let mut group = c.benchmark_group("10k FAQs");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function("index build", |b| b.iter(|| black_box(Matcher::new(&kb))));
    group.finish();
    let questions: Vec<String> = kb
        .faqs
        .iter()
        .step_by(997)
        .map(|f| f.phrasings[0].clone())
        .chain(QUESTIONS.iter().map(|q| q.to_string()))
        .collect();
    let mut i = 0;
    c.bench_function("10k FAQs: ask", |b| {
        b.iter(|| {
            i = (i + 1) % questions.len();
            black_box(matcher.ask(&questions[i]))
        })
    });
}

criterion_group!(benches, builtin, scale);
criterion_main!(benches);
