//! What a school edits without a rebuild: UI text, the calendar, rules and
//! checklists. Each file is embedded at build time and overridden by a file
//! of the same relative path in the configuration directory
//! (`$ZHIBAN_CONFIG_DIR`, else `$XDG_CONFIG_HOME/zhiban`, else
//! `~/.config/zhiban`).

use std::path::PathBuf;

use super::catalog::{Catalog, Lang};
use super::paths::config_dir;
use crate::domain::calendar::Calendar;
use crate::domain::crisis::CrisisConfig;
use crate::domain::patrol::Checklist;
use crate::domain::records::RecordKinds;
use crate::domain::rules::Rules;
use crate::domain::sop::Template;
use crate::error::{Error, Result};
use crate::msg;

/// (relative path, embedded text)
const EMBEDDED: &[(&str, &str)] = &[
    (
        "i18n/zh-CN.toml",
        include_str!("../../assets/i18n/zh-CN.toml"),
    ),
    ("i18n/en.toml", include_str!("../../assets/i18n/en.toml")),
    ("calendar.toml", include_str!("../../assets/calendar.toml")),
    ("rules.toml", include_str!("../../assets/rules.toml")),
    ("records.toml", include_str!("../../assets/records.toml")),
    ("crisis.toml", include_str!("../../assets/crisis.toml")),
    (
        "sop/psych.toml",
        include_str!("../../assets/sop/psych.toml"),
    ),
    (
        "sop/missing.toml",
        include_str!("../../assets/sop/missing.toml"),
    ),
    (
        "sop/injury.toml",
        include_str!("../../assets/sop/injury.toml"),
    ),
    (
        "sop/online.toml",
        include_str!("../../assets/sop/online.toml"),
    ),
    (
        "checklists/patrol.toml",
        include_str!("../../assets/checklists/patrol.toml"),
    ),
];

/// The text of an asset: the override file if present, else the embedded
/// one. Returns where it came from, for error messages.
pub fn load_text(rel: &str) -> Result<(String, String)> {
    if let Some(found) = override_text(rel)? {
        return Ok(found);
    }
    embedded(rel)
        .map(|t| (t.to_string(), format!("(built-in) {rel}")))
        .ok_or_else(|| Error::Data(msg!("err.config.no_asset", name = rel)))
}

/// The school's own file for `rel` (text and where it is), if it has one.
pub fn override_text(rel: &str) -> Result<Option<(String, String)>> {
    if let Some(dir) = config_dir() {
        let p = dir.join(rel);
        if p.is_file() {
            let text = std::fs::read_to_string(&p).map_err(|e| {
                Error::Data(msg!("err.config.read", path = p.display(), detail = e))
            })?;
            return Ok(Some((text, p.display().to_string())));
        }
    }
    Ok(None)
}

/// The file a school puts its own `rel` in (whether or not it has one):
/// in the site's directory on a server, else the user's configuration
/// directory (the home directory written `~`).
pub fn override_file(rel: &str) -> String {
    let Some(p) = config_dir().map(|d| d.join(rel)) else {
        return format!("~/.config/zhiban/{rel}");
    };
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(rest) = p.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    p.display().to_string()
}

pub fn embedded(rel: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(p, _)| *p == rel).map(|(_, t)| *t)
}

/// Everything the program reads from assets, loaded once.
pub struct Assets {
    pub lang: Lang,
    pub text: Catalog,
    pub calendar: Calendar,
    pub checklist: Checklist,
    pub rules: Rules,
    pub kinds: RecordKinds,
    pub crisis: CrisisConfig,
    /// Where the school sets its `crisis.toml` (named beside a number not
    /// configured).
    pub crisis_file: String,
    /// The SOP templates in force, each with where it comes from; titles
    /// in the interface's language.
    pub sops: Vec<(Template, String)>,
    /// The same templates in Chinese, as a case stores the one it was
    /// opened under (whatever the language of the person who opened it).
    pub stored_sops: Vec<Template>,
    /// What is derived from these assets once ([`Assets::fingerprint`]).
    fingerprint: std::sync::OnceLock<String>,
}

/// Reads the SOP templates: the built-in ones (each overridable by a file
/// of the same name in the configuration's `sop/`), and any other template
/// a school puts there. A template that does not check is an error naming
/// its file and line.
pub fn load_sops(builtin_only: bool) -> Result<Vec<(Template, String)>> {
    load_sops_in(builtin_only, Lang::ZhCn)
}

/// [`load_sops`] with step titles and phase names in `lang` (where the
/// template gives them; else Chinese).
pub fn load_sops_in(builtin_only: bool, lang: Lang) -> Result<Vec<(Template, String)>> {
    let english = lang == Lang::En;
    let mut out = Vec::new();
    let mut names = Vec::new();
    for (rel, text) in EMBEDDED.iter().filter(|(p, _)| p.starts_with("sop/")) {
        let (text, origin) = if builtin_only {
            (text.to_string(), format!("(built-in) {rel}"))
        } else {
            load_text(rel)?
        };
        names.push(rel.trim_start_matches("sop/").to_string());
        out.push((check_sop(&text, &origin, english)?, origin));
    }
    if !builtin_only
        && let Some(dir) = config_dir().map(|d| d.join("sop"))
        && let Ok(rd) = std::fs::read_dir(&dir)
    {
        let mut extra: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| !names.iter().any(|b| n.to_string_lossy() == *b))
            })
            .collect();
        extra.sort();
        for p in extra {
            let text = std::fs::read_to_string(&p).map_err(|e| {
                Error::Data(msg!("err.config.read", path = p.display(), detail = e))
            })?;
            let origin = p.display().to_string();
            out.push((check_sop(&text, &origin, english)?, origin));
        }
    }
    Ok(out)
}

fn check_sop(text: &str, origin: &str, english: bool) -> Result<Template> {
    crate::domain::sop::parse_in(text, english).map_err(|list| Error::Problems {
        file: origin.to_string(),
        list,
    })
}

impl Assets {
    pub fn load(lang: Lang) -> Result<Assets> {
        let (cal, origin) = load_text("calendar.toml")?;
        let calendar = Calendar::parse(&cal).map_err(|p| Error::in_file(&origin, p))?;
        let (cl, origin) = load_text("checklists/patrol.toml")?;
        let checklist = Checklist::parse(&cl).map_err(|p| Error::in_file(&origin, p))?;
        let (rl, origin) = load_text("rules.toml")?;
        let rules = Rules::parse(&rl).map_err(|p| Error::in_file(&origin, p))?;
        let (rk, origin) = load_text("records.toml")?;
        let kinds = RecordKinds::parse(&rk).map_err(|p| Error::in_file(&origin, p))?;
        let (cr, origin) = load_text("crisis.toml")?;
        let crisis = CrisisConfig::parse(&cr).map_err(|p| Error::in_file(&origin, p))?;
        let english = lang == Lang::En;
        let sops = load_sops_in(false, lang)?;
        // a case stores its template in Chinese: the same ones, unless the
        // interface is in another language
        let stored_sops = if english {
            load_sops(false)?.into_iter().map(|(t, _)| t).collect()
        } else {
            sops.iter().map(|(t, _)| t.clone()).collect()
        };
        Ok(Assets {
            lang,
            text: Catalog::load(lang)?,
            calendar,
            checklist: checklist.in_lang(english),
            rules,
            kinds: kinds.in_lang(english),
            crisis,
            crisis_file: override_file("crisis.toml"),
            sops,
            stored_sops,
            fingerprint: std::sync::OnceLock::new(),
        })
    }

    /// Built-in assets only: for tests, independent of the machine.
    pub fn builtin(lang: Lang) -> Assets {
        let calendar = Calendar::parse(embedded("calendar.toml").unwrap_or(""))
            .expect("built-in calendar parses");
        let checklist = Checklist::parse(embedded("checklists/patrol.toml").unwrap_or(""))
            .expect("built-in checklist parses");
        let rules =
            Rules::parse(embedded("rules.toml").unwrap_or("")).expect("built-in rules parse");
        let kinds = RecordKinds::parse(embedded("records.toml").unwrap_or(""))
            .expect("built-in record kinds parse");
        let crisis = CrisisConfig::parse(embedded("crisis.toml").unwrap_or(""))
            .expect("built-in crisis config parses");
        let english = lang == Lang::En;
        Assets {
            lang,
            text: Catalog::builtin(lang),
            calendar,
            checklist: checklist.in_lang(english),
            rules,
            kinds: kinds.in_lang(english),
            crisis,
            crisis_file: "~/.config/zhiban/crisis.toml".into(),
            sops: load_sops_in(true, lang).expect("built-in SOP templates parse"),
            stored_sops: load_sops(true)
                .expect("built-in SOP templates parse")
                .into_iter()
                .map(|(t, _)| t)
                .collect(),
            fingerprint: std::sync::OnceLock::new(),
        }
    }

    /// A fingerprint of these assets, `make` called once (the first time):
    /// the 待办 cache's, which formats the rules and calendar whole.
    pub(crate) fn fingerprint(&self, make: impl FnOnce(&Assets) -> String) -> &str {
        self.fingerprint.get_or_init(|| make(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_asset_parses() {
        for (rel, text) in EMBEDDED {
            let v: std::result::Result<toml::Value, _> = toml::from_str(text);
            assert!(v.is_ok(), "{rel}: {:?}", v.err());
        }
        Calendar::parse(embedded("calendar.toml").unwrap()).unwrap();
    }
}
