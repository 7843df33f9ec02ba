//! The rule a new key-file passphrase must meet: twelve characters at least (counted as
//! characters), then a strength estimate of 3 out of 4 at least; every refusal says why in both
//! languages and never repeats the passphrase. The estimator itself (zxcvbn) is the app's, on the
//! approver's page (`src/strength.rs`, tested there with real passphrases); here it is stood in
//! for by fixed estimates.

use tailor_core::passphrase::{self, Estimate, Refusal, Weakness, MIN_CHARS, MIN_SCORE};

fn rated(score: u8, weakness: Option<Weakness>) -> impl FnOnce(&str) -> Estimate {
    move |_| Estimate { score, weakness }
}

#[test]
fn eleven_characters_are_refused_before_the_estimator_runs() {
    assert_eq!((MIN_CHARS, MIN_SCORE), (12, 3));
    let never =
        |_: &str| -> Estimate { panic!("the estimator must not run on a short passphrase") };
    let r = passphrase::check("abcdefghijk", never).expect_err("11 characters");
    assert_eq!(r, Refusal::TooShort { chars: 11, min: 12 });
    let t = r.text();
    assert_eq!(
        t.en,
        "The passphrase is too short: 11 characters, at least 12 needed"
    );
    assert_eq!(t.zh, "口令太短：只有 11 个字符，至少需要 12 个字符");
    // Characters, not bytes: eleven Chinese characters (33 bytes) are still eleven.
    assert_eq!(
        passphrase::check_length("口令口令口令口令口令口"),
        Err(Refusal::TooShort { chars: 11, min: 12 })
    );
    assert_eq!(passphrase::check_length("口令口令口令口令口令口令"), Ok(()));
    assert_eq!(
        passphrase::check_length(""),
        Err(Refusal::TooShort { chars: 0, min: 12 })
    );
}

#[test]
fn a_weak_passphrase_is_refused_with_the_estimators_reason() {
    let r = passphrase::check("password1234", rated(0, Some(Weakness::Top100))).expect_err("weak");
    assert_eq!(
        r,
        Refusal::TooWeak {
            score: 0,
            min: 3,
            weakness: Some(Weakness::Top100)
        }
    );
    let t = r.text();
    assert!(t.en.contains("too easy to guess (strength 0/4, at least 3/4 needed): it is one of the hundred most common passwords"), "{}", t.en);
    assert!(
        t.zh.contains("强度 0/4") && t.zh.contains("最常见的一百个密码"),
        "{}",
        t.zh
    );
    assert!(!t.en.contains("password1234") && !t.zh.contains("password1234"));
    // Score 2 is still refused; without a named weakness the refusal still says why.
    let t = passphrase::check("aaaaaaaaaaaa", rated(2, None))
        .expect_err("weak")
        .text();
    assert!(
        t.en.starts_with("The passphrase is too easy to guess (strength 2/4"),
        "{}",
        t.en
    );
    // Score 3 and 4 pass.
    assert_eq!(
        passphrase::check("correct horse battery", rated(3, None)),
        Ok(())
    );
    assert_eq!(
        passphrase::check("correct horse battery", rated(4, None)),
        Ok(())
    );
}

#[test]
fn every_weakness_reads_in_both_languages() {
    use Weakness::*;
    for w in [
        Top10,
        Top100,
        Common,
        SimilarToCommon,
        Word,
        Name,
        CommonName,
        KeyboardRow,
        KeyboardPattern,
        Repeat,
        RepeatedGroup,
        Sequence,
        RecentYear,
        Date,
    ] {
        let t = w.text();
        assert!(t.zh.chars().any(|c| c as u32 > 0x2e80), "{w:?}: {}", t.zh);
        assert!(t.en.is_ascii() && !t.en.is_empty(), "{w:?}: {}", t.en);
    }
}
