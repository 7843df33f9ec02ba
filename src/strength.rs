//! The passphrase strength estimator of the approver's page: zxcvbn (Dropbox's estimator, the
//! `zxcvbn` crate), its findings mapped onto the core's words ([`tailor_core::passphrase`], which
//! holds the rule: 12 characters, a score of 3 of 4).
//!
//! Here and not in the core because zxcvbn reads the clock (it rates recent years as guessable)
//! and binds the browser in WebAssembly; the core takes the estimate as an argument. Only the
//! approver's page calls it (creating a key, changing a passphrase), so the configurator's bundle
//! carries none of its dictionaries.

use tailor_core::passphrase::{self, Estimate, Refusal, Weakness};
use zxcvbn::feedback::Warning;

/// zxcvbn's estimate of `passphrase`, where `context` are words the holder is known by (the key's
/// label): a passphrase made of them is rated as guessable.
pub fn estimate(passphrase: &str, context: &[&str]) -> Estimate {
    let e = zxcvbn::zxcvbn(passphrase, context);
    Estimate {
        score: u8::from(e.score()),
        weakness: e.feedback().and_then(|f| f.warning()).map(weakness),
    }
}

/// Whether `passphrase` may seal a new key file labelled `label`: the core's rule with zxcvbn's
/// estimate (not run on a passphrase that is too short).
pub fn check(passphrase: &str, label: &str) -> Result<(), Refusal> {
    let words: Vec<&str> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .chain(std::iter::once(label))
        .collect();
    passphrase::check(passphrase, |p| estimate(p, &words))
}

fn weakness(w: Warning) -> Weakness {
    match w {
        Warning::ThisIsATop10Password => Weakness::Top10,
        Warning::ThisIsATop100Password => Weakness::Top100,
        Warning::ThisIsACommonPassword => Weakness::Common,
        Warning::ThisIsSimilarToACommonlyUsedPassword => Weakness::SimilarToCommon,
        Warning::AWordByItselfIsEasyToGuess => Weakness::Word,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => Weakness::Name,
        Warning::CommonNamesAndSurnamesAreEasyToGuess => Weakness::CommonName,
        Warning::StraightRowsOfKeysAreEasyToGuess => Weakness::KeyboardRow,
        Warning::ShortKeyboardPatternsAreEasyToGuess => Weakness::KeyboardPattern,
        Warning::RepeatsLikeAaaAreEasyToGuess => Weakness::Repeat,
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => Weakness::RepeatedGroup,
        Warning::SequencesLikeAbcAreEasyToGuess => Weakness::Sequence,
        Warning::RecentYearsAreEasyToGuess => Weakness::RecentYear,
        Warning::DatesAreOftenEasyToGuess => Weakness::Date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_patterned_passphrases_are_refused_with_a_reason() {
        for (weak, why) in [
            ("password1234", Some(Weakness::Common)),
            ("123456789012", None),
            ("qwertyuiop[]", Some(Weakness::KeyboardRow)),
            ("aaaaaaaaaaaaaaaa", Some(Weakness::Repeat)),
            ("abcdefghijklmn", Some(Weakness::Sequence)),
            ("Password12345", None),
        ] {
            let r = check(weak, "Test approver").expect_err(weak);
            let Refusal::TooWeak {
                score, weakness, ..
            } = r.clone()
            else {
                panic!("{weak}: {r:?}");
            };
            assert!(score < passphrase::MIN_SCORE, "{weak}");
            if why.is_some() {
                assert_eq!(weakness, why, "{weak}");
            }
            let t = r.text();
            assert!(t.en.contains("too easy to guess"), "{weak}: {}", t.en);
            assert!(t.zh.contains("太容易被猜到"), "{weak}: {}", t.zh);
        }
    }

    #[test]
    fn short_passphrases_are_refused_whatever_their_strength() {
        assert_eq!(
            check("x7#Qm!9vR2p", ""),
            Err(Refusal::TooShort { chars: 11, min: 12 })
        );
    }

    #[test]
    fn the_label_counts_as_guessable() {
        assert!(matches!(
            check("Zhang Wei approver", "Zhang Wei approver"),
            Err(Refusal::TooWeak { .. })
        ));
    }

    /// The passphrases the end-to-end tests type are strong enough.
    #[test]
    fn long_unrelated_words_and_random_passphrases_pass() {
        for strong in [
            "correct horse battery staple",
            "Sm-Passphrase-7f3a9c-only-mine",
            "Cb-Passphrase-2e8d41-only-mine",
            "Fresh-Key-Passphrase-91b0e2",
            "茶杯 月亮 火车 钥匙 邮票",
            "x7#Qm!9vR2pL",
        ] {
            assert_eq!(check(strong, "Test approver"), Ok(()), "{strong}");
        }
    }
}
