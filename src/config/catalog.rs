//! The UI text catalogues (`assets/i18n/*.toml`): dotted keys to text
//! with `{name}` placeholders, and the language chosen.

use std::collections::HashMap;

use super::assets::{embedded, load_text};
use crate::domain::text::{safe, safe_line};
use crate::error::{Arg, Error, Msg, Problem, RAW, Result};

/// Fills `{name}` placeholders of `template` in one pass; an unknown name
/// stays as written.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 0 =>
            {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The UI languages shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    pub fn file(self) -> &'static str {
        match self {
            Lang::ZhCn => "i18n/zh-CN.toml",
            Lang::En => "i18n/en.toml",
        }
    }

    /// `--lang` if given, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`):
    /// English for an `en*` locale, Chinese otherwise.
    pub fn choose(flag: Option<&str>) -> Result<Lang> {
        if let Some(f) = flag {
            return match f.to_ascii_lowercase().as_str() {
                "zh" | "zh-cn" | "zh_cn" | "cn" => Ok(Lang::ZhCn),
                "en" | "en-us" | "en_us" | "en-gb" => Ok(Lang::En),
                other => Err(Error::Usage(crate::msg!("err.config.lang", lang = other))),
            };
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return Ok(if v.to_ascii_lowercase().starts_with("en") {
                    Lang::En
                } else {
                    Lang::ZhCn
                });
            }
        }
        Ok(Lang::ZhCn)
    }
}

/// A UI text catalogue: dotted keys to text; `{name}` placeholders.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    texts: HashMap<String, String>,
    fallback: HashMap<String, String>,
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut HashMap<String, String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

pub fn parse_catalog(text: &str, origin: &str) -> Result<HashMap<String, String>> {
    let v: toml::Value =
        toml::from_str(text).map_err(|e| Error::in_file(origin, Problem::toml(text, &e)))?;
    let mut out = HashMap::new();
    flatten("", &v, &mut out);
    Ok(out)
}

impl Catalog {
    /// Loads a language, falling back to Chinese for keys it lacks.
    pub fn load(lang: Lang) -> Result<Catalog> {
        let (zh, zh_origin) = load_text(Lang::ZhCn.file())?;
        let fallback = parse_catalog(&zh, &zh_origin)?;
        let texts = if lang == Lang::ZhCn {
            fallback.clone()
        } else {
            let (t, origin) = load_text(lang.file())?;
            parse_catalog(&t, &origin)?
        };
        Ok(Catalog { texts, fallback })
    }

    /// The built-in catalogue of a language, ignoring overrides (tests).
    pub fn builtin(lang: Lang) -> Catalog {
        let fallback =
            parse_catalog(embedded(Lang::ZhCn.file()).unwrap_or(""), "zh-CN").unwrap_or_default();
        let texts = parse_catalog(embedded(lang.file()).unwrap_or(""), "i18n").unwrap_or_default();
        Catalog { texts, fallback }
    }

    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .get(key)
            .or_else(|| self.fallback.get(key))
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Text with `{name}` placeholders filled (in one pass: a value that
    /// itself holds `{x}` is not filled again).
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// A message worded: text parameters made safe for a terminal, key
    /// parameters worded in this language.
    pub fn msg(&self, m: &Msg) -> String {
        if m.key == RAW {
            return safe(m.text("text").unwrap_or("")).into_owned();
        }
        fill(self.t(m.key), |name| {
            m.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| match a {
                    Arg::Text(t) => safe_line(t).into_owned(),
                    Arg::Key(k) => self.t(k).to_string(),
                })
        })
    }

    /// An error worded; the problems of a file one per line after it
    /// (`file:line: column: what is wrong`).
    pub fn error(&self, e: &Error) -> String {
        let mut out = self.msg(&e.msg());
        if let Error::Problems { file, list } = e {
            for p in list {
                let at = match (p.line, &p.column) {
                    (0, None) => safe_line(file).into_owned(),
                    (0, Some(c)) => format!("{}: {}", safe_line(file), safe_line(c)),
                    (n, None) => format!("{}:{n}", safe_line(file)),
                    (n, Some(c)) => format!("{}:{n}: {}", safe_line(file), safe_line(c)),
                };
                out.push_str(&format!("\n{at}: {}", self.msg(&p.msg)));
            }
        }
        out
    }

    /// The built-in English catalogue, loaded once (for `Display` of errors).
    pub fn english() -> &'static Catalog {
        static EN: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        EN.get_or_init(|| Catalog::builtin(Lang::En))
    }

    /// Owned text for a key built at run time.
    pub fn s(&self, key: &str) -> String {
        self.t(key).to_string()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.texts.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::assets::embedded;

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let zh = parse_catalog(embedded("i18n/zh-CN.toml").unwrap(), "zh").unwrap();
        let en = parse_catalog(embedded("i18n/en.toml").unwrap(), "en").unwrap();
        let mut missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        let mut missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        missing_en.sort();
        missing_zh.sort();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_zh.is_empty(), "missing in zh-CN: {missing_zh:?}");
    }

    #[test]
    fn placeholders_fill() {
        let c = Catalog::builtin(Lang::En);
        assert_eq!(c.t("no.such.key"), "no.such.key");
        assert!(c.f("status.week", &[("n", "11")]).contains("11"));
    }
}
