//! Unified social credit code (统一社会信用代码) checks per GB 32100-2015: 18 characters from the
//! code's charset, a known registration authority and organisation type, a six-digit
//! administrative division code, the embedded organisation code (GB 11714) with its own check
//! character, and the final check character.

use crate::text::Text;

const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authorities and the organisation types each may register.
const AUTHORITIES: [(char, &str); 12] = [
    ('1', "1239"),
    ('2', "19"),
    ('3', "123459"),
    ('4', "19"),
    ('5', "1239"),
    ('6', "129"),
    ('7', "129"),
    ('8', "19"),
    ('9', "123"),
    ('A', "19"),
    ('N', "1239"),
    ('Y', "1"),
];

/// Why a code is not a valid USCC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsccError {
    Empty,
    Length(usize),
    Charset { position: usize, found: char },
    Authority(char),
    OrgType { authority: char, found: char },
    Division { position: usize },
    OrgCodeCheck { expected: char, found: char },
    CheckDigit { expected: char, found: char },
}

impl UsccError {
    /// The precise reason, in both languages.
    pub fn text(&self) -> Text {
        match self {
            UsccError::Empty => Text::new("请填写统一社会信用代码", "Enter the unified social credit code"),
            UsccError::Length(n) => Text::new(
                format!("应为 18 位，当前 {n} 位"),
                format!("Must be 18 characters; this has {n}"),
            ),
            UsccError::Charset { position, found } => Text::new(
                format!("第 {position} 位「{found}」不是有效字符（只可用数字和除 I、O、Z、S、V 外的大写字母）"),
                format!("Character {position} '{found}' is not allowed (digits and capital letters except I, O, Z, S, V)"),
            ),
            UsccError::Authority(c) => Text::new(
                format!("第 1 位登记管理部门代码「{c}」不存在"),
                format!("Character 1, registration authority code '{c}', does not exist"),
            ),
            UsccError::OrgType { authority, found } => Text::new(
                format!("第 2 位机构类别代码「{found}」不属于登记管理部门「{authority}」"),
                format!("Character 2, organisation type '{found}', is not one registration authority '{authority}' issues"),
            ),
            UsccError::Division { position } => Text::new(
                format!("第 3–8 位应为行政区划码（6 位数字），第 {position} 位不是数字"),
                format!("Characters 3–8 are the administrative division code (6 digits); character {position} is not a digit"),
            ),
            UsccError::OrgCodeCheck { expected, found } => Text::new(
                format!("第 9–17 位组织机构代码校验码应为「{expected}」，实为「{found}」"),
                format!("The organisation code (characters 9–17) ends in '{found}' but its check character is '{expected}'"),
            ),
            UsccError::CheckDigit { expected, found } => Text::new(
                format!("第 18 位校验码应为「{expected}」，实为「{found}」"),
                format!("Check character (18) should be '{expected}', found '{found}'"),
            ),
        }
    }
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The GB 11714 check character of an organisation code's first eight characters.
fn org_check(body: &[char]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = c.to_digit(36)?;
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10)?,
    })
}

/// The GB 32100 check character of a code's first 17 characters.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    CHARSET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// Validates a USCC, reporting the first failure precisely. Letters are taken as typed: the code
/// uses capital letters only.
pub fn validate(code: &str) -> Result<(), UsccError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(UsccError::Empty);
    }
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccError::Length(chars.len()));
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| value(**c).is_none()) {
        return Err(UsccError::Charset {
            position: i + 1,
            found: c,
        });
    }
    let types = AUTHORITIES
        .iter()
        .find(|(a, _)| *a == chars[0])
        .map(|(_, t)| *t)
        .ok_or(UsccError::Authority(chars[0]))?;
    if !types.contains(chars[1]) {
        return Err(UsccError::OrgType {
            authority: chars[0],
            found: chars[1],
        });
    }
    if let Some(i) = (2..8).find(|&i| !chars[i].is_ascii_digit()) {
        return Err(UsccError::Division { position: i + 1 });
    }
    let expected = org_check(&chars[8..16]).unwrap_or('?');
    if expected != chars[16] {
        return Err(UsccError::OrgCodeCheck {
            expected,
            found: chars[16],
        });
    }
    let first17: String = chars[..17].iter().collect();
    let expected = check_char(&first17).unwrap_or('?');
    if expected != chars[17] {
        return Err(UsccError::CheckDigit {
            expected,
            found: chars[17],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_codes() {
        assert_eq!(validate("91350100M000100Y43"), Ok(()));
        assert_eq!(validate(" 91350100M000100Y43 "), Ok(()));
    }

    #[test]
    fn names_each_failure() {
        assert_eq!(validate(""), Err(UsccError::Empty));
        assert_eq!(validate("9135"), Err(UsccError::Length(4)));
        assert_eq!(
            validate("91350100M000100I43"),
            Err(UsccError::Charset {
                position: 16,
                found: 'I'
            })
        );
        assert_eq!(
            validate("B1350100M000100Y43"),
            Err(UsccError::Authority('B'))
        );
        assert_eq!(
            validate("94350100M000100Y43"),
            Err(UsccError::OrgType {
                authority: '9',
                found: '4'
            })
        );
        assert_eq!(
            validate("9135A100M000100Y43"),
            Err(UsccError::Division { position: 5 })
        );
        assert_eq!(
            validate("91350100M000100Y53"),
            Err(UsccError::OrgCodeCheck {
                expected: '4',
                found: '5'
            })
        );
        assert_eq!(
            validate("91350100M000100Y44"),
            Err(UsccError::CheckDigit {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn lowercase_is_a_charset_error() {
        assert_eq!(
            validate("91350100m000100Y43"),
            Err(UsccError::Charset {
                position: 9,
                found: 'm'
            })
        );
    }
}
