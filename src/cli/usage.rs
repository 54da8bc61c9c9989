//! The command line's own mistakes (an unknown option, a missing value, a
//! value not among the choices), worded from the catalogue in the reader's
//! language instead of clap's English. clap's help and version texts are
//! printed as clap makes them.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use zhiban::error::Msg;
use zhiban::msg;

/// What is wrong with the command line, as a catalogue message naming the
/// argument and what to write instead.
pub fn message(e: &clap::Error) -> Msg {
    let arg = text(e, ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => match text(e, ContextKind::SuggestedArg) {
            Some(s) => msg!("err.usage.unknown_arg_like", arg = or_blank(arg), like = s),
            None => msg!("err.usage.unknown_arg", arg = or_blank(arg)),
        },
        ErrorKind::InvalidSubcommand => {
            let word = text(e, ContextKind::InvalidSubcommand);
            match text(e, ContextKind::SuggestedSubcommand) {
                Some(s) => msg!(
                    "err.usage.unknown_command_like",
                    word = or_blank(word),
                    like = s
                ),
                None => msg!("err.usage.unknown_command", word = or_blank(word)),
            }
        }
        ErrorKind::InvalidValue => match text(e, ContextKind::ValidValue) {
            Some(choices) => msg!(
                "err.usage.not_a_choice",
                arg = or_blank(arg),
                value = or_blank(text(e, ContextKind::InvalidValue)),
                choices = choices
            ),
            None => msg!("err.usage.empty_value", arg = or_blank(arg)),
        },
        ErrorKind::ValueValidation => msg!(
            "err.usage.bad_value",
            arg = or_blank(arg),
            detail = validator_detail(e)
        ),
        ErrorKind::MissingRequiredArgument => {
            msg!("err.usage.missing", args = or_blank(arg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            msg!("err.usage.no_command")
        }
        ErrorKind::ArgumentConflict => msg!(
            "err.usage.conflict",
            arg = or_blank(arg),
            other = or_blank(text(e, ContextKind::PriorArg))
        ),
        ErrorKind::NoEquals => msg!("err.usage.no_equals", arg = or_blank(arg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            msg!("err.usage.values", arg = or_blank(arg))
        }
        ErrorKind::InvalidUtf8 => msg!("err.usage.utf8"),
        _ => msg!("err.usage.other", detail = first_line(e)),
    }
}

/// The language asked for on a command line clap could not read: `--lang X`
/// or `--lang=X`, if written.
pub fn lang_in(args: &[String]) -> Option<String> {
    args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    })
}

fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) if !v.is_empty() => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn or_blank(s: Option<String>) -> String {
    s.unwrap_or_default()
}

/// A validator's own message (ours are worded from the catalogue already):
/// clap puts it after the last ": " of its line.
fn validator_detail(e: &clap::Error) -> String {
    let line = first_line(e);
    match e.get(ContextKind::InvalidValue) {
        Some(_) => line
            .rsplit_once("': ")
            .map(|(_, d)| d.to_string())
            .unwrap_or(line),
        None => line,
    }
}

/// clap's own first line, without its `error: ` prefix: used only for a
/// kind not worded above.
fn first_line(e: &clap::Error) -> String {
    let s = e.kind().as_str().map(str::to_string).unwrap_or_default();
    let rendered = e.render().to_string();
    rendered
        .lines()
        .next()
        .map(|l| l.trim_start_matches("error: ").to_string())
        .filter(|l| !l.is_empty())
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn err(words: &[&str]) -> Msg {
        let argv = std::iter::once("zhiban").chain(words.iter().copied());
        match Cli::try_parse_from(argv) {
            Ok(_) => panic!("{words:?} parsed"),
            Err(e) => message(&e),
        }
    }

    #[test]
    fn an_unknown_option_is_named() {
        let m = err(&["--bogus"]);
        assert_eq!(m.key, "err.usage.unknown_arg");
        assert_eq!(m.text("arg"), Some("--bogus"));
    }

    #[test]
    fn a_near_miss_offers_the_right_word() {
        let m = err(&["--lnag", "en"]);
        assert_eq!(m.key, "err.usage.unknown_arg_like");
        assert_eq!(m.text("like"), Some("--lang"));
    }

    #[test]
    fn an_unknown_command_is_named() {
        let m = err(&["frobnicate"]);
        assert_eq!(m.key, "err.usage.unknown_command");
        assert_eq!(m.text("word"), Some("frobnicate"));
    }

    #[test]
    fn a_value_not_among_the_choices_lists_them() {
        let m = err(&["export", "nonsense"]);
        assert_eq!(m.key, "err.usage.not_a_choice", "{m:?}");
        assert_eq!(m.text("value"), Some("nonsense"));
        assert!(m.text("choices").unwrap().contains("students"), "{m:?}");
    }

    #[test]
    fn the_language_is_found_either_way() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_in(&a(&["zhiban", "--lang", "en", "x"])),
            Some("en".into())
        );
        assert_eq!(lang_in(&a(&["zhiban", "--lang=en"])), Some("en".into()));
        assert_eq!(lang_in(&a(&["zhiban", "--lang"])), None);
        assert_eq!(lang_in(&a(&["zhiban"])), None);
    }
}
