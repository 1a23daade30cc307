//! Fitting the confidence model ([`crate::search::confidence`]) on evaluation sets, and
//! measuring it honestly: k-fold cross-validation fits on all folds but one and predicts the
//! one left out, so that every figure comes from questions the weights never saw.
//!
//! Each question gives one example per candidate entry the matcher weighs (its features, and
//! whether showing it would be right); out-of-domain questions give only wrong ones. The model
//! is a logistic regression fitted by Newton's method with a small L2 penalty.

use std::fmt::Write;

use super::{Case, hits};
use crate::Bot;
use crate::search::confidence::{self, FEATURES, Model};
use crate::search::{CANDIDATES, Confidence, MAX_ALTERNATIVES, is_alternative, offer_limit, offers};
/// Buttons a reply offers besides its answer.
const SHOWN: usize = super::SHOWN_BUTTONS;

/// One question's candidates.
#[derive(Debug, Clone)]
pub struct Question {
    pub in_domain: bool,
    /// (features, right, lexical score) of each candidate, in lexical order.
    pub candidates: Vec<([f64; FEATURES], bool, f32)>,
}

/// Every case's candidates, as the built-in matcher weighs them.
pub fn questions(bot: &Bot, cases: &[Case]) -> Vec<Question> {
    cases
        .iter()
        .map(|case| {
            let mut weighed = bot.matcher().weigh(&case.question);
            // Back to lexical order: the model is fitted on what ranking saw, not on its own order.
            weighed.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
            let candidates = weighed
                .into_iter()
                .map(|(c, features, _)| (features, case.targets.iter().any(|t| hits(bot, t, &c.entry)), c.score))
                .collect();
            Question { in_domain: case.in_domain(), candidates }
        })
        .collect()
}

/// Fits a logistic model on the candidates of `questions`.
pub fn fit(questions: &[&Question], l2: f64) -> Model {
    const N: usize = FEATURES + 1;
    let rows: Vec<([f64; N], f64)> = questions
        .iter()
        .flat_map(|q| q.candidates.iter())
        .map(|(x, right, _)| {
            let mut row = [1.0; N];
            row[1..].copy_from_slice(x);
            (row, if *right { 1.0 } else { 0.0 })
        })
        .collect();
    let mut w = [0.0; N];
    for _ in 0..50 {
        let mut gradient = [0.0; N];
        let mut hessian = [[0.0; N]; N];
        for (x, y) in &rows {
            let z: f64 = w.iter().zip(x).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            for i in 0..N {
                gradient[i] += (p - y) * x[i];
                for j in 0..N {
                    hessian[i][j] += p * (1.0 - p) * x[i] * x[j];
                }
            }
        }
        for i in 1..N {
            gradient[i] += l2 * w[i];
            hessian[i][i] += l2;
        }
        hessian[0][0] += 1e-9;
        let step = solve(hessian, gradient);
        let mut moved = 0.0;
        for i in 0..N {
            w[i] -= step[i];
            moved += step[i].abs();
        }
        if moved < 1e-9 {
            break;
        }
    }
    let mut weights = [0.0; FEATURES];
    weights.copy_from_slice(&w[1..]);
    Model { bias: w[0], weights }
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> [f64; N] {
    for col in 0..N {
        let pivot = (col..N).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[col];
        for row in col + 1..N {
            let f = a[row][col] / d;
            for (cell, above) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *cell -= f * above;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; N];
    for row in (0..N).rev() {
        let rest: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-12 { 0.0 } else { (b[row] - rest) / a[row][row] };
    }
    x
}

/// A question's candidates under a model: (probability, right, lexical score), most probable
/// first.
#[derive(Debug, Clone)]
pub struct Predicted {
    pub in_domain: bool,
    pub candidates: Vec<(f64, bool, f32)>,
}

pub fn predict(model: &Model, q: &Question) -> Predicted {
    let mut candidates: Vec<(f64, bool, f32)> =
        q.candidates.iter().map(|(x, right, score)| (model.probability(x), *right, *score)).collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    Predicted { in_domain: q.in_domain, candidates }
}

/// Every question predicted by weights fitted on the questions of the other groups (`group[i]`
/// is question `i`'s group), so that no weight has seen the question it predicts.
fn predicted_apart(questions: &[&Question], group: &[usize], l2: f64) -> Vec<Predicted> {
    let groups = group.iter().max().map_or(0, |g| g + 1);
    let mut out: Vec<Option<Predicted>> = vec![None; questions.len()];
    for g in 0..groups {
        let train: Vec<&Question> = questions.iter().zip(group).filter(|&(_, &h)| h != g).map(|(q, _)| *q).collect();
        let model = fit(&train, l2);
        for (i, q) in questions.iter().enumerate().filter(|&(i, _)| group[i] == g) {
            out[i] = Some(predict(&model, q));
        }
    }
    out.into_iter().map(|p| p.expect("every question is in a group")).collect()
}

/// Out-of-fold predictions of `k`-fold cross-validation (question `i` is in fold `i % k`).
pub fn cross_validate(questions: &[Question], k: usize, l2: f64) -> Vec<Predicted> {
    let all: Vec<&Question> = questions.iter().collect();
    let fold: Vec<usize> = (0..questions.len()).map(|i| i % k).collect();
    predicted_apart(&all, &fold, l2)
}

/// Leave-one-set-out predictions: each set's questions predicted by weights fitted on every
/// other set. Sets are written one at a time, in one style each, so this is the nearest figure
/// to what a new set of questions will see.
pub fn leave_one_set_out(sets: &[&[Question]], l2: f64) -> Vec<Predicted> {
    let all: Vec<&Question> = sets.iter().flat_map(|s| s.iter()).collect();
    let set: Vec<usize> = sets.iter().enumerate().flat_map(|(i, s)| std::iter::repeat_n(i, s.len())).collect();
    predicted_apart(&all, &set, l2)
}

/// The figures of a set of predictions at two thresholds, as counts (right, of).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub in_domain_right: (usize, usize),
    pub confidently_wrong: (usize, usize),
    pub declined: (usize, usize),
    pub in_reply: (usize, usize),
    pub answered_right: (usize, usize),
}

pub fn figures(predicted: &[Predicted], confident: f64, possible: f64) -> Figures {
    let mut f = Figures::default();
    let add = |t: &mut (usize, usize), yes: bool| {
        t.0 += usize::from(yes);
        t.1 += 1;
    };
    for q in predicted {
        let best = q.candidates.first();
        let p = best.map_or(0.0, |b| b.0);
        let best_right = best.is_some_and(|b| b.1);
        let (sure, declined) = (p >= confident, p < possible);
        add(&mut f.confidently_wrong, sure && !best_right);
        if sure {
            add(&mut f.answered_right, best_right);
        }
        if !q.in_domain {
            add(&mut f.declined, declined);
            continue;
        }
        add(&mut f.in_domain_right, !declined && best_right);
        let top = q.candidates.iter().map(|c| c.2).fold(0.0, f32::max);
        let band = if sure {
            Confidence::Sure
        } else if declined {
            Confidence::Unknown
        } else {
            Confidence::Unsure
        };
        let others = q.candidates.iter().skip(1).filter(|c| is_alternative(c.2, top));
        let others = others.take(MAX_ALTERNATIVES).filter(|c| offers(band, c.0 as f32));
        let others: Vec<bool> = others.take(offer_limit(band)).map(|c| c.1).collect();
        let shown_right = if sure {
            best_right || others.iter().any(|r| *r)
        } else if declined {
            best_right || others.iter().take(SHOWN - 1).any(|r| *r)
        } else {
            best_right || others.iter().take(SHOWN).any(|r| *r)
        };
        add(&mut f.in_reply, shown_right);
    }
    f
}

/// The whole fitting report over named sets: weights fitted on every question (to paste into
/// `search/confidence.rs`), the cross-validated figures at the current bands, overall and per
/// set, and overall at other bands.
pub fn report(sets: &[(String, Vec<Question>)], k: usize, l2: f64) -> String {
    let questions: Vec<Question> = sets.iter().flat_map(|(_, q)| q.iter().cloned()).collect();
    let questions = &questions[..];
    let mut out = String::new();
    let all: Vec<&Question> = questions.iter().collect();
    let model = fit(&all, l2);
    let _ = writeln!(out, "{} questions, {} candidates each at most, L2 {l2}", questions.len(), CANDIDATES);
    let _ = writeln!(out, "\nfitted on all (paste into search/confidence.rs):");
    let weights: Vec<String> = model.weights.iter().map(|w| format!("{w:.4}")).collect();
    let _ = writeln!(
        out,
        "pub const MODEL: Model = Model {{ bias: {:.4}, weights: [{}] }};",
        model.bias,
        weights.join(", ")
    );
    for (name, w) in confidence::FEATURE_NAMES.iter().zip(model.weights) {
        let _ = writeln!(out, "  {name:<16} {w:>9.4}");
    }
    let pct =
        |(a, b): (usize, usize)| format!("{:5.1}% ({a}/{b})", if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 });
    let cv = cross_validate(questions, k, l2);
    let fitted: Vec<Predicted> = questions.iter().map(|q| predict(&model, q)).collect();
    let (confident, possible) = (f64::from(confidence::CONFIDENT), f64::from(confidence::POSSIBLE));
    let shipped: Vec<Predicted> = questions.iter().map(|q| predict(&confidence::MODEL, q)).collect();
    let by_set: Vec<&[Question]> = sets.iter().map(|(_, q)| &q[..]).collect();
    let mut runs = vec![
        (format!("{k}-fold cross-validated, all sets"), cv.clone()),
        ("leave-one-set-out, all sets".to_owned(), leave_one_set_out(&by_set, l2)),
        ("in-sample, all sets".to_owned(), fitted),
        ("built-in weights, all sets".to_owned(), shipped),
    ];
    let mut start = 0;
    for (name, set) in sets {
        runs.push((format!("{k}-fold cross-validated, {name}"), cv[start..start + set.len()].to_vec()));
        start += set.len();
    }
    for (label, predicted) in &runs {
        let f = figures(predicted, confident, possible);
        let _ = writeln!(out, "\n{label}, bands {confident:.2} / {possible:.2}:");
        let _ = writeln!(out, "  in-domain right        {}", pct(f.in_domain_right));
        let _ = writeln!(out, "  confidently wrong      {}", pct(f.confidently_wrong));
        let _ = writeln!(out, "  out-of-domain declined {}", pct(f.declined));
        let _ = writeln!(out, "  right entry in reply   {}", pct(f.in_reply));
        let _ = writeln!(out, "  answered band right    {}", pct(f.answered_right));
    }
    // Bands are chosen from predictions of questions the weights did not see (and the built-in
    // weights are shown beside them); in-sample figures would flatter every band.
    for (label, predicted) in runs.iter().filter(|(label, _)| !label.starts_with("in-sample")) {
        let _ = writeln!(out, "\n{label}, other bands (answer at / decline under):");
        let _ = writeln!(
            out,
            "  {:>6} {:>6} {:>18} {:>18} {:>18} {:>18} {:>18}",
            "answer", "under", "in-domain right", "conf. wrong", "declined", "in reply", "answered right"
        );
        for confident in [0.8, 0.9, 0.95, 0.97, 0.98, 0.99] {
            for possible in [0.3, 0.4, 0.5, 0.55, 0.6] {
                let f = figures(predicted, confident, possible);
                let _ = writeln!(
                    out,
                    "  {confident:>6.2} {possible:>6.2} {:>18} {:>18} {:>18} {:>18} {:>18}",
                    pct(f.in_domain_right),
                    pct(f.confidently_wrong),
                    pct(f.declined),
                    pct(f.in_reply),
                    pct(f.answered_right)
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newton_solves_a_small_system() {
        let x = solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9, "{x:?}");
    }

    fn question(score: f64, right: bool) -> Question {
        let mut x = [0.0; FEATURES];
        x[0] = score;
        Question { in_domain: right, candidates: vec![(x, right, score as f32)] }
    }

    #[test]
    fn fitting_separates_right_from_wrong() {
        let questions: Vec<Question> = (0..40).map(|i| question(f64::from(i) / 40.0, i >= 20)).collect();
        let model = fit(&questions.iter().collect::<Vec<_>>(), 0.01);
        let low = model.probability(&[0.1; FEATURES].map(|_| 0.0));
        let mut high_x = [0.0; FEATURES];
        high_x[0] = 0.9;
        assert!(model.probability(&high_x) > 0.9 && low < 0.1, "{model:?}");
    }

    #[test]
    fn leaving_a_set_out_predicts_it_without_its_own_answers() {
        let honest: Vec<Question> = (0..40).map(|i| question(f64::from(i) / 40.0, i >= 20)).collect();
        let other: Vec<Question> = (0..40).map(|i| question(f64::from(i) / 40.0, i >= 20)).collect();
        // The same questions with every answer turned round: a model that saw them would flip.
        let flipped: Vec<Question> = (0..40).map(|i| question(f64::from(i) / 40.0, i < 20)).collect();
        let p = |set: &[Question]| -> Vec<f64> {
            let out = leave_one_set_out(&[set, &other], 0.01);
            assert_eq!(out.len(), set.len() + other.len(), "one prediction per question");
            out[..set.len()].iter().map(|q| q.candidates[0].0).collect()
        };
        assert_eq!(p(&honest), p(&flipped), "a set's own answers never reach its predictions");
        let fitted_on_all = fit(&honest.iter().chain(&flipped).collect::<Vec<_>>(), 0.01);
        assert_ne!(predict(&fitted_on_all, &honest[39]).candidates[0].0, p(&honest)[39], "the test can tell");
    }
}
