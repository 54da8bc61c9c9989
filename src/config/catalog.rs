//! The UI text catalogues (`assets/i18n/*.toml`): dotted keys to text
//! with `{name}` placeholders, and the language chosen.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::assets::{embedded, override_text};
use crate::domain::text::{safe, safe_line};
use crate::error::{Arg, Error, Msg, Problem, Result};

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
    texts: Arc<HashMap<String, String>>,
    /// Chinese, for a key the language lacks (an old override file);
    /// parsed only when one is asked for.
    fallback: OnceLock<Arc<HashMap<String, String>>>,
}

/// The built-in catalogue of a language, parsed once per process (start-up
/// of every command reads it; parsing it again cost milliseconds).
fn builtin_map(lang: Lang) -> Arc<HashMap<String, String>> {
    static ZH: OnceLock<Arc<HashMap<String, String>>> = OnceLock::new();
    static EN: OnceLock<Arc<HashMap<String, String>>> = OnceLock::new();
    let cell = match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        Arc::new(
            parse_catalog(embedded(lang.file()).unwrap_or(""), lang.file()).unwrap_or_default(),
        )
    })
    .clone()
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
    /// Loads a language, falling back to Chinese for keys it lacks. A
    /// school's override file changes the keys it gives; the built-in
    /// catalogue supplies the rest (an old override lacks newer keys).
    pub fn load(lang: Lang) -> Result<Catalog> {
        let layered = |l: Lang| -> Result<Arc<HashMap<String, String>>> {
            let base = builtin_map(l);
            match override_text(l.file())? {
                None => Ok(base),
                Some((t, origin)) => {
                    let mut merged = (*base).clone();
                    merged.extend(parse_catalog(&t, &origin)?);
                    Ok(Arc::new(merged))
                }
            }
        };
        let texts = layered(lang)?;
        let fallback = OnceLock::new();
        if lang == Lang::ZhCn {
            let _ = fallback.set(texts.clone());
        }
        Ok(Catalog { texts, fallback })
    }

    /// The built-in catalogue of a language, ignoring overrides (tests).
    pub fn builtin(lang: Lang) -> Catalog {
        Catalog {
            texts: builtin_map(lang),
            fallback: OnceLock::new(),
        }
    }

    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .get(key)
            .or_else(|| {
                self.fallback
                    .get_or_init(|| builtin_map(Lang::ZhCn))
                    .get(key)
            })
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Text with `{name}` placeholders filled (in one pass: a value that
    /// itself holds `{x}` is not filled again); the values made [`safe`]
    /// (line breaks kept).
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| safe(v).into_owned())
        })
    }

    /// A message worded: text parameters made safe for a terminal, key
    /// parameters worded in this language.
    pub fn msg(&self, m: &Msg) -> String {
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

    /// Every `.rs` file under `dir`, except those under `skip`.
    fn sources(dir: &std::path::Path, skip: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.starts_with(skip) {
                continue;
            }
            if p.is_dir() {
                sources(&p, skip, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The code of a source file, not its comments or tests (which name
    /// keys that do not exist on purpose).
    fn code_of(text: &str) -> String {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        code.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The string literals of `src` that are catalogue keys: the first
    /// argument of `msg!(`, `Msg::new(`, `.t(`, `.s(`, `.f(`, the second of
    /// `.label(`, and any literal naming an `err.`, `cli.`, `import.note.`,
    /// `entrytype.`, `channel.`, `contact_channel.` or `state.` key (keys
    /// chosen in a `match` and passed on).
    fn keys_in(src: &str) -> Vec<String> {
        let lit = |rest: &str| -> Option<String> {
            let rest = rest.trim_start();
            let body = rest.strip_prefix('"')?;
            let end = body.find('"')?;
            Some(body[..end].to_string())
        };
        let looks_like_key = |k: &str| {
            !k.is_empty()
                && k.contains('.')
                && !k.contains(' ')
                && !k.contains('{')
                && k.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        };
        let mut out = Vec::new();
        for call in ["msg!(", "Msg::new(", ".t(", ".s(", ".f("] {
            for (i, _) in src.match_indices(call) {
                if let Some(k) = lit(&src[i + call.len()..]) {
                    if looks_like_key(&k) {
                        out.push(k);
                    }
                }
            }
        }
        for (i, _) in src.match_indices(".label(") {
            let rest = &src[i + ".label(".len()..];
            if let Some(comma) = rest.find(',') {
                if let Some(k) = lit(&rest[comma + 1..]) {
                    if looks_like_key(&k) {
                        out.push(k);
                    }
                }
            }
        }
        for prefix in [
            "\"err.",
            "\"cli.",
            "\"import.note.",
            "\"entrytype.",
            "\"channel.",
            "\"contact_channel.",
            "\"state.",
        ] {
            for (i, _) in src.match_indices(prefix) {
                if let Some(k) = lit(&src[i..]) {
                    if looks_like_key(&k) && !k.ends_with('.') {
                        out.push(k);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_key_used_outside_the_tui_is_in_both_catalogues() {
        let zh = parse_catalog(embedded("i18n/zh-CN.toml").unwrap(), "zh").unwrap();
        let en = parse_catalog(embedded("i18n/en.toml").unwrap(), "en").unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &root.join("tui"), &mut files);
        assert!(files.len() > 50, "found only {} source files", files.len());
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in &files {
            let code = code_of(&std::fs::read_to_string(f).unwrap());
            for k in keys_in(&code) {
                seen += 1;
                for (lang, cat) in [("zh-CN", &zh), ("en", &en)] {
                    if !cat.contains_key(&k) {
                        missing.push(format!("{}: {k} (not in {lang})", f.display()));
                    }
                }
            }
        }
        assert!(seen > 300, "found only {seen} keys: is the scan broken?");
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "keys missing:\n{}", missing.join("\n"));
    }

    #[test]
    fn both_catalogues_have_the_same_placeholders() {
        let zh = parse_catalog(embedded("i18n/zh-CN.toml").unwrap(), "zh").unwrap();
        let en = parse_catalog(embedded("i18n/en.toml").unwrap(), "en").unwrap();
        let names = |t: &str| {
            let mut v = Vec::new();
            let mut rest = t;
            while let Some(o) = rest.find('{') {
                rest = &rest[o + 1..];
                if let Some(c) = rest.find('}') {
                    let n = &rest[..c];
                    if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        v.push(n.to_string());
                    }
                }
            }
            v.sort();
            v.dedup();
            v
        };
        let mut wrong = Vec::new();
        for (k, z) in &zh {
            if let Some(e) = en.get(k) {
                if names(z) != names(e) {
                    wrong.push(format!("{k}: zh-CN {:?}, en {:?}", names(z), names(e)));
                }
            }
        }
        wrong.sort();
        assert!(
            wrong.is_empty(),
            "placeholders differ:\n{}",
            wrong.join("\n")
        );
    }

    /// Names in the interface that look like catalogue keys and are not:
    /// form kinds and draft slots (`screen.what`). A new one is added here
    /// on purpose; any other such literal must be in both catalogues.
    const NOT_KEYS: &[&str] = &[
        "crisis.case",
        "crisis.form",
        "crisis.level",
        "crisis.open",
        "crisis.review",
        "crisis.text",
        "duty.amend",
        "duty.close",
        "duty.close_entry",
        "duty.close_item",
        "duty.entry",
        "duty.form",
        "duty.open",
        "duty.respond",
        "patrol.add",
        "patrol.follow_up",
        "patrol.form",
        "patrol.hazard",
        "patrol.room",
        "students.flag",
        "todo.contact",
        "todo.form",
        "todo.growth",
        "todo.ledger",
        "todo.press",
        "todo.support",
        "todo.sweep",
        "todo.talk",
        "todo.visit",
    ];

    /// The interface and the bench name keys in many ways (key tables,
    /// hints, `say`/`warn`, field labels), so there every literal shaped
    /// like a key of a catalogue section is checked: it is a key of both
    /// catalogues, a rule id (`rule.<id>` is), a file name, or one of
    /// [`NOT_KEYS`].
    #[test]
    fn every_key_named_by_the_interface_and_the_bench_is_in_both_catalogues() {
        let zh = parse_catalog(embedded("i18n/zh-CN.toml").unwrap(), "zh").unwrap();
        let en = parse_catalog(embedded("i18n/en.toml").unwrap(), "en").unwrap();
        let sections: std::collections::HashSet<&str> =
            zh.keys().filter_map(|k| k.split('.').next()).collect();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for dir in ["tui", "bench"] {
            sources(&src.join(dir), &src.join("none"), &mut files);
        }
        assert!(files.len() > 30, "found only {} source files", files.len());
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in &files {
            let code = code_of(&std::fs::read_to_string(f).unwrap());
            let mut rest = code.as_str();
            while let Some(q) = rest.find('"') {
                let body = &rest[q + 1..];
                let Some(end) = body.find('"') else { break };
                let lit = &body[..end];
                rest = &body[end + 1..];
                let shaped = lit.contains('.')
                    && lit.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && lit
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
                let section = lit.split('.').next().unwrap_or("");
                if !shaped || !sections.contains(section) {
                    continue;
                }
                seen += 1;
                let rule = zh.contains_key(&format!("rule.{lit}"));
                let file = [".db", ".csv", ".xlsx", ".toml"]
                    .iter()
                    .any(|x| lit.ends_with(x));
                if rule || file || NOT_KEYS.contains(&lit) {
                    continue;
                }
                for (lang, cat) in [("zh-CN", &zh), ("en", &en)] {
                    if !cat.contains_key(lit) {
                        missing.push(format!("{}: {lit} (not in {lang})", f.display()));
                    }
                }
            }
        }
        assert!(seen > 300, "found only {seen} keys: is the scan broken?");
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "keys missing:\n{}", missing.join("\n"));
    }

    #[test]
    fn placeholders_fill() {
        let c = Catalog::builtin(Lang::En);
        assert_eq!(c.t("no.such.key"), "no.such.key");
        assert!(c.f("status.week", &[("n", "11")]).contains("11"));
        let filled = c.f("status.week", &[("n", "\u{1b}]52;c;eA==\u{7}11\u{202e}")]);
        assert!(
            filled.contains("]52;c;eA==11") && !filled.contains(['\u{1b}', '\u{7}', '\u{202e}'])
        );
    }
}
