//! Crisis SOP templates (危机处置): phases of steps, each with guidance,
//! the role responsible, whether it is required, a deadline relative to the
//! case opening or to another step (or the end of a phase), the contacts to
//! show and do-confirm sub-items.
//!
//! Seed 004 篇五 第三环节 3: 「危机发生后，严格遵循“现场控制-信息核实-上报领导-
//! 启动预案-部门联动-家校沟通-信息发布”的标准流程」; 第二环节 2: 重大事件15分钟内
//! 上报; 第四环节: 善后心理援助与「一个月内必须召开专题复盘会……形成书面案例报告」.
//! Seed 000 附件1 三.1: 心理危机学生及时报告学院领导并转介心理健康教育中心.
//!
//! A template is checked as a whole: every problem is reported with the line
//! of the file it is on (unknown fields, missing steps, a deadline after a
//! step that does not exist, a cycle of deadlines).

use std::collections::{HashMap, HashSet};

use crate::error::Msg;
use crate::msg;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use toml::Spanned;

/// When a step is due, relative to something.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub hours: Option<i64>,
    #[serde(default)]
    pub days: Option<i64>,
    /// After this step is done (else after the case opened).
    #[serde(default)]
    pub after: Option<Spanned<String>>,
    /// After this phase closes.
    #[serde(default)]
    pub after_phase: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    key: Spanned<String>,
    title: String,
    /// The title in English (`--lang en`); the Chinese one if absent.
    #[serde(default)]
    title_en: Option<String>,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default = "yes")]
    required: bool,
    #[serde(default)]
    deadline: Option<RawDeadline>,
    #[serde(default)]
    contacts: Vec<String>,
    #[serde(default)]
    confirm: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    key: Spanned<String>,
    name: String,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    step: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    kind: String,
    name: String,
    version: String,
    #[serde(default)]
    phase: Vec<RawPhase>,
}

/// What a deadline counts from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum From {
    Opening,
    Step(String),
    Phase(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deadline {
    pub minutes: i64,
    pub from: From,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub key: String,
    pub title: String,
    pub guidance: String,
    pub role: Option<String>,
    pub required: bool,
    pub deadline: Option<Deadline>,
    pub contacts: Vec<String>,
    pub confirm: Vec<String>,
    pub phase: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Phase {
    pub key: String,
    pub name: String,
}

/// A checked template; stored with each case (as JSON) so a case keeps the
/// procedure it was opened under.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Template {
    pub kind: String,
    pub name: String,
    pub version: String,
    pub phases: Vec<Phase>,
    pub steps: Vec<Step>,
}

/// Joins the lines of a paragraph written across several lines of the
/// file (no space between Chinese characters); blank lines stay breaks.
fn unwrap_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.trim().lines().map(str::trim) {
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        let joins_ascii = out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii() && c != '\n')
            && line.chars().next().is_some_and(|c| c.is_ascii());
        if joins_ascii {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// A problem with a template: the line (1-based) and what is wrong.
pub type TemplateProblem = crate::error::Problem;

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads and checks a template; every problem with its line. Titles and
/// phase names in Chinese.
pub fn parse(text: &str) -> Result<Template, Vec<TemplateProblem>> {
    parse_in(text, false)
}

/// [`parse`], with step titles and phase names in English when `english`
/// (`title_en`, `name_en`; the Chinese ones where a school's file has none).
pub fn parse_in(text: &str, english: bool) -> Result<Template, Vec<TemplateProblem>> {
    let pick = |zh: &String, en: &Option<String>| match en {
        Some(e) if english && !e.trim().is_empty() => e.clone(),
        _ => zh.clone(),
    };
    let raw: RawTemplate = toml::from_str(text).map_err(|e| {
        let mut p = TemplateProblem::toml(text, &e);
        p.line = p.line.max(1);
        vec![p]
    })?;
    let mut problems = Vec::new();
    let mut p = |span: std::ops::Range<usize>, m: Msg| {
        problems.push(TemplateProblem::at(line_of(text, span.start), m))
    };
    if raw.phase.is_empty() {
        p(0..0, Msg::new("err.sop.no_phase"));
    }
    let mut steps = Vec::new();
    let mut phases = Vec::new();
    let mut seen_steps: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    let mut seen_phases = HashSet::new();
    for ph in &raw.phase {
        if !seen_phases.insert(ph.key.get_ref().clone()) {
            p(
                ph.key.span(),
                msg!("err.sop.phase_twice", phase = ph.key.get_ref()),
            );
        }
        if ph.step.is_empty() {
            p(
                ph.key.span(),
                msg!("err.sop.phase_empty", phase = ph.key.get_ref()),
            );
        }
        phases.push(Phase {
            key: ph.key.get_ref().clone(),
            name: pick(&ph.name, &ph.name_en),
        });
        for s in &ph.step {
            let key = s.key.get_ref().clone();
            if let Some(first) = seen_steps.insert(key.clone(), s.key.span()) {
                p(
                    s.key.span(),
                    msg!(
                        "err.sop.step_twice",
                        step = &key,
                        line = line_of(text, first.start)
                    ),
                );
            }
            if s.title.trim().is_empty() {
                p(s.key.span(), msg!("err.sop.step_title", step = &key));
            }
            let deadline = s.deadline.as_ref().map(|d| {
                let minutes =
                    d.minutes.unwrap_or(0) + d.hours.unwrap_or(0) * 60 + d.days.unwrap_or(0) * 1440;
                let from = match (&d.after, &d.after_phase) {
                    (Some(a), _) => From::Step(a.get_ref().clone()),
                    (None, Some(ph)) => From::Phase(ph.get_ref().clone()),
                    (None, None) => From::Opening,
                };
                (minutes, from)
            });
            if let Some((m, _)) = &deadline
                && *m <= 0
            {
                p(s.key.span(), msg!("err.sop.step_deadline", step = &key));
            }
            steps.push(Step {
                key,
                title: pick(&s.title, &s.title_en),
                guidance: unwrap_lines(&s.guidance),
                role: s.role.clone(),
                required: s.required,
                deadline: deadline.map(|(minutes, from)| Deadline { minutes, from }),
                contacts: s.contacts.clone(),
                confirm: s.confirm.clone(),
                phase: ph.key.get_ref().clone(),
            });
        }
    }
    // references, then cycles
    for ph in &raw.phase {
        for s in &ph.step {
            let Some(d) = &s.deadline else { continue };
            if let Some(a) = &d.after {
                if !seen_steps.contains_key(a.get_ref()) {
                    p(
                        a.span(),
                        msg!(
                            "err.sop.after_missing",
                            step = s.key.get_ref(),
                            after = a.get_ref()
                        ),
                    );
                } else if a.get_ref() == s.key.get_ref() {
                    p(a.span(), msg!("err.sop.after_self", step = s.key.get_ref()));
                }
            }
            if let Some(a) = &d.after_phase
                && !seen_phases.contains(a.get_ref())
            {
                p(
                    a.span(),
                    msg!(
                        "err.sop.after_phase_missing",
                        step = s.key.get_ref(),
                        phase = a.get_ref()
                    ),
                );
            }
        }
    }
    let after: HashMap<&str, &str> = steps
        .iter()
        .filter_map(|s| match s.deadline.as_ref().map(|d| &d.from) {
            Some(From::Step(a)) if a != &s.key => Some((s.key.as_str(), a.as_str())),
            _ => None,
        })
        .collect();
    let mut reported = HashSet::new();
    for s in &steps {
        let mut path = vec![s.key.as_str()];
        let mut at = s.key.as_str();
        while let Some(next) = after.get(at) {
            if let Some(i) = path.iter().position(|k| k == next) {
                let cycle: Vec<&str> = path[i..].to_vec();
                let mut sorted = cycle.clone();
                sorted.sort_unstable();
                if reported.insert(sorted) {
                    let span = seen_steps.get(*next).cloned().unwrap_or(0..0);
                    p(
                        span,
                        msg!(
                            "err.sop.cycle",
                            cycle = format!("{} → {next}", cycle.join(" → "))
                        ),
                    );
                }
                break;
            }
            path.push(next);
            at = next;
        }
    }
    if problems.is_empty() {
        Ok(Template {
            kind: raw.kind,
            name: raw.name,
            version: raw.version,
            phases,
            steps,
        })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// The contacts a template's steps name that are not `known` (keys
/// neither `crisis.toml` defines nor built in), each with the line of the
/// file it is named on.
pub fn unknown_contacts(text: &str, tpl: &Template, known: &[&str]) -> Vec<TemplateProblem> {
    let mut out = Vec::new();
    for s in &tpl.steps {
        for c in s.contacts.iter().filter(|c| !known.contains(&c.as_str())) {
            // the line of the step's `contacts = [...]` naming it
            let at = text
                .find(&format!("key = \"{}\"", s.key))
                .and_then(|from| {
                    text[from..]
                        .find(&format!("\"{c}\""))
                        .map(|i| line_of(text, from + i))
                })
                .unwrap_or(0);
            out.push(TemplateProblem::at(
                at,
                msg!(
                    "err.sop.unknown_contact",
                    step = &s.key,
                    contact = c,
                    choices = known.join(", ")
                ),
            ));
        }
    }
    out
}

/// What became of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StepState {
    Open,
    Done,
    Skipped,
    NotApplicable,
}

impl StepState {
    pub fn code(self) -> &'static str {
        match self {
            StepState::Open => "open",
            StepState::Done => "done",
            StepState::Skipped => "skipped",
            StepState::NotApplicable => "na",
        }
    }
    /// Settled: done, or skipped / not applicable (with the reason recorded).
    pub fn settled(self) -> bool {
        self != StepState::Open
    }
}

/// When a step is due, given when the case opened, when each step was
/// settled, and when each phase closed; `None` when it has no deadline or
/// what it counts from has not happened yet.
pub fn due_at(
    step: &Step,
    opened: DateTime<Utc>,
    settled_at: &HashMap<String, DateTime<Utc>>,
    phase_closed: &HashMap<String, DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let d = step.deadline.as_ref()?;
    let base = match &d.from {
        From::Opening => opened,
        From::Step(k) => *settled_at.get(k)?,
        From::Phase(p) => *phase_closed.get(p)?,
    };
    Some(base + Duration::minutes(d.minutes))
}

/// The six questions of the C-SSRS screener (Columbia Suicide Severity
/// Rating Scale, screen version), past month unless said.
pub const CSSRS: [&str; 6] = [
    "过去一个月内，是否希望自己死去，或睡着后不再醒来？",
    "过去一个月内，是否真的有过想自杀的念头？",
    "是否想过可能会怎样做（自杀的方式）？",
    "是否有过这些念头并且有一些打算去做？",
    "是否已经开始或已经想好自杀的具体细节？是否打算执行这个计划？",
    "是否曾经做过、开始做或准备做任何结束自己生命的事？（如有：是否在过去三个月内？）",
];

/// The next question to ask (0-based), given the answers so far; `None`
/// when the screen is complete. Question 2 "no" skips to question 6.
pub fn cssrs_next(answers: &[Option<bool>; 6]) -> Option<usize> {
    let order: &[usize] = match answers[1] {
        Some(false) => &[0, 1, 5],
        _ => &[0, 1, 2, 3, 4, 5],
    };
    order.iter().copied().find(|&i| answers[i].is_none())
}

/// The risk a completed screen suggests.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Risk {
    None,
    Low,
    Moderate,
    High,
}

impl Risk {
    pub fn code(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Moderate => "moderate",
            Risk::High => "high",
        }
    }
}

/// The suggestion of a complete screen (`None` while questions remain):
/// high for intent (4) or a plan (5), or behaviour in the past three
/// months; moderate for a method (3) or behaviour longer ago; low for a
/// wish to die or thoughts alone. `recent`: question 6's behaviour was in
/// the past three months.
pub fn cssrs_risk(answers: &[Option<bool>; 6], recent: bool) -> Option<Risk> {
    if cssrs_next(answers).is_some() {
        return None;
    }
    let yes = |i: usize| answers[i] == Some(true);
    Some(if yes(3) || yes(4) || (yes(5) && recent) {
        Risk::High
    } else if yes(2) || yes(5) {
        Risk::Moderate
    } else if yes(0) || yes(1) {
        Risk::Low
    } else {
        Risk::None
    })
}

#[cfg(test)]
#[path = "sop_tests.rs"]
mod tests;
