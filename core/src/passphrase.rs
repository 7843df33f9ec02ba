//! The rule a new key-file passphrase must meet, and why one is refused, in both languages.
//!
//! A passphrase protects an approver's key file, which an attacker who copies it can attack
//! offline for as long as they like: Argon2id ([`crate::keyfile`]) makes each guess cost 64 MiB
//! and three passes, and this rule keeps the number of guesses needed out of reach.
//!
//! * at least [`MIN_CHARS`] characters (counted as characters, not bytes: 口令 is two);
//! * a strength estimate of at least [`MIN_SCORE`] on zxcvbn's 0–4 scale (3: more than 10⁸
//!   guesses needed), and when it is lower, what the estimator found (a common password, a
//!   keyboard row, a date…) as the reason.
//!
//! The estimate comes in as an argument, like a seed or today's date: the estimator (the `zxcvbn`
//! crate, with its dictionaries) reads the clock (it rates recent years) and binds the browser in
//! WebAssembly, so it lives in the app, on the approver's page only (`src/strength.rs`), never in
//! the core. The core holds the rule and its words; the app maps the estimator's findings onto
//! [`Weakness`].

use crate::text::Text;

/// The shortest passphrase a new key file accepts, in characters.
pub const MIN_CHARS: usize = 12;

/// The lowest strength score a new passphrase may have, on the estimator's 0–4 scale: 3 means
/// about 10⁸ to 10¹⁰ guesses ("safely unguessable" for zxcvbn), and each guess costs an attacker
/// one Argon2id run at 64 MiB × 3 passes.
pub const MIN_SCORE: u8 = 3;

/// What a strength estimator says about a passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// 0 (guessed in under 10³ tries) to 4 (10¹⁰ tries or more).
    pub score: u8,
    /// The main pattern that makes it guessable, if the estimator names one.
    pub weakness: Option<Weakness>,
}

/// A pattern that makes a passphrase easy to guess (the estimator's warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// One of the ten most common passwords.
    Top10,
    /// One of the hundred most common passwords.
    Top100,
    /// A very common password.
    Common,
    /// A common password with small changes (capitals, l33t substitutions, reversed…).
    SimilarToCommon,
    /// A single dictionary word.
    Word,
    /// A name or surname by itself.
    Name,
    /// A common name or surname.
    CommonName,
    /// A straight row of keys (`qwertyuiop`).
    KeyboardRow,
    /// A short keyboard pattern.
    KeyboardPattern,
    /// A repeated character (`aaaa`).
    Repeat,
    /// A repeated group (`abcabcabc`).
    RepeatedGroup,
    /// A sequence (`abcdef`, `654321`).
    Sequence,
    /// A recent year.
    RecentYear,
    /// A date.
    Date,
}

impl Weakness {
    /// The pattern, in both languages.
    pub fn text(self) -> Text {
        let (zh, en) = match self {
            Weakness::Top10 => ("这是最常见的十个密码之一", "it is one of the ten most common passwords"),
            Weakness::Top100 => ("这是最常见的一百个密码之一", "it is one of the hundred most common passwords"),
            Weakness::Common => ("这是很常见的密码", "it is a very common password"),
            Weakness::SimilarToCommon => ("与常见密码相似（大小写或字母换数字帮助不大）", "it is close to a common password (capitals and letter-for-digit swaps help little)"),
            Weakness::Word => ("单个词语很容易被猜到", "a single word is easy to guess"),
            Weakness::Name => ("单独的姓名很容易被猜到", "a name by itself is easy to guess"),
            Weakness::CommonName => ("常见姓名很容易被猜到", "common names are easy to guess"),
            Weakness::KeyboardRow => ("键盘上连成一行的键很容易被猜到", "a straight row of keys is easy to guess"),
            Weakness::KeyboardPattern => ("简短的键盘图案很容易被猜到", "a short keyboard pattern is easy to guess"),
            Weakness::Repeat => ("重复的字符（如 aaa）很容易被猜到", "repeated characters (like aaa) are easy to guess"),
            Weakness::RepeatedGroup => ("重复的字符组（如 abcabc）几乎不增加难度", "a repeated group (like abcabc) is hardly harder to guess than one"),
            Weakness::Sequence => ("顺序字符（如 abc、6543）很容易被猜到", "sequences (like abc or 6543) are easy to guess"),
            Weakness::RecentYear => ("近年的年份很容易被猜到", "recent years are easy to guess"),
            Weakness::Date => ("日期很容易被猜到", "dates are easy to guess"),
        };
        Text::new(zh, en)
    }
}

/// Why a new passphrase is refused. Never carries the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Shorter than `min` characters (it has `chars`).
    TooShort { chars: usize, min: usize },
    /// Long enough but guessable: the estimator's `score` is below `min`, for this reason.
    TooWeak {
        score: u8,
        min: u8,
        weakness: Option<Weakness>,
    },
}

impl Refusal {
    /// The reason, in both languages.
    pub fn text(&self) -> Text {
        match self {
            Refusal::TooShort { chars, min } => Text::new(
                format!("口令太短：只有 {chars} 个字符，至少需要 {min} 个字符"),
                format!("The passphrase is too short: {chars} characters, at least {min} needed"),
            ),
            Refusal::TooWeak {
                score,
                min,
                weakness,
            } => {
                let why = weakness.map(Weakness::text).map_or_else(
                    || Text::new("", ""),
                    |t| Text::new(format!("：{}", t.zh), format!(": {}", t.en)),
                );
                Text::new(
                    format!(
                        "口令太容易被猜到（强度 {score}/4，至少需要 {min}/4）{}。请用几个互不相关的词组成更长的口令",
                        why.zh
                    ),
                    format!(
                        "The passphrase is too easy to guess (strength {score}/4, at least {min}/4 needed){}. Use a longer passphrase of several unrelated words",
                        why.en
                    ),
                )
            }
        }
    }
}

/// The number of characters of `passphrase` (not bytes).
pub fn chars(passphrase: &str) -> usize {
    passphrase.chars().count()
}

/// Whether `passphrase` is long enough: at least [`MIN_CHARS`] characters.
pub fn check_length(passphrase: &str) -> Result<(), Refusal> {
    let n = chars(passphrase);
    if n < MIN_CHARS {
        return Err(Refusal::TooShort {
            chars: n,
            min: MIN_CHARS,
        });
    }
    Ok(())
}

/// Whether `passphrase` may protect a new key file: long enough ([`check_length`], checked
/// first, without running the estimator), then rated at least [`MIN_SCORE`] by `estimate`.
pub fn check(passphrase: &str, estimate: impl FnOnce(&str) -> Estimate) -> Result<(), Refusal> {
    check_length(passphrase)?;
    let e = estimate(passphrase);
    if e.score < MIN_SCORE {
        return Err(Refusal::TooWeak {
            score: e.score,
            min: MIN_SCORE,
            weakness: e.weakness,
        });
    }
    Ok(())
}
