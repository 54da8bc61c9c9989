//! What `zhiban bench` found: each measure as p50 / p99 / max of its
//! samples, printed as a table worded from the catalogue, or as JSON with
//! every field present (a measure that could not be made keeps its fields,
//! null, and says why).

use std::time::Duration;

use serde_json::{Value, json};
use zhiban::config::Catalog;

/// What a measure's numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Ms,
    Bytes,
    Kb,
}

impl Unit {
    fn code(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::Bytes => "bytes",
            Unit::Kb => "kB",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Measure {
    pub id: &'static str,
    pub unit: Unit,
    pub n: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
    /// p50 over the floor's p50 (saves only).
    pub ratio: Option<f64>,
    /// What the trail (record hashes) adds to this save's p50, in ms:
    /// its p50 less that of the same save without the trail (saves only).
    pub trail: Option<f64>,
    /// The samples in the order they were taken, shown as they are (the
    /// machine's probe: which part ran in a slow spell).
    pub in_order: Option<Vec<f64>>,
    pub error: Option<String>,
}

fn quantiles(mut v: Vec<f64>) -> (usize, f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| {
        if v.is_empty() {
            0.0
        } else {
            v[((v.len() - 1) as f64 * q).round() as usize]
        }
    };
    (v.len(), at(0.5), at(0.99), v.last().copied().unwrap_or(0.0))
}

impl Measure {
    pub fn times(id: &'static str, v: &[Duration]) -> Measure {
        Measure::values(
            id,
            Unit::Ms,
            v.iter().map(|d| d.as_secs_f64() * 1000.0).collect(),
        )
    }

    pub fn values(id: &'static str, unit: Unit, v: Vec<f64>) -> Measure {
        let (n, p50, p99, max) = quantiles(v);
        Measure {
            id,
            unit,
            n,
            p50,
            p99,
            max,
            ratio: None,
            trail: None,
            in_order: None,
            error: None,
        }
    }

    /// [`Measure::times`], the samples also kept in the order taken.
    pub fn times_in_order(id: &'static str, v: &[Duration]) -> Measure {
        let m = Measure::times(id, v);
        Measure {
            in_order: Some(v.iter().map(|d| d.as_secs_f64() * 1000.0).collect()),
            ..m
        }
    }

    pub fn failed(id: &'static str, unit: Unit, why: String) -> Measure {
        Measure {
            error: Some(why),
            ..Measure::values(id, unit, Vec::new())
        }
    }

    fn json(&self) -> Value {
        let num = |x: f64| {
            if self.error.is_some() {
                Value::Null
            } else {
                json!((x * 1000.0).round() / 1000.0)
            }
        };
        json!({
            "unit": self.unit.code(),
            "n": self.n,
            "p50": num(self.p50),
            "p99": num(self.p99),
            "max": num(self.max),
            "ratio_to_floor": self.ratio.map(|r| (r * 100.0).round() / 100.0),
            "trail_ms": self.trail.map(|t| (t * 1000.0).round() / 1000.0),
            "in_order": self.in_order.as_ref().map(|v| {
                v.iter().map(|x| (x * 1000.0).round() / 1000.0).collect::<Vec<_>>()
            }),
            "error": self.error,
        })
    }
}

/// One run at one scale.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub scale: f64,
    /// (name, number) of what was generated and how long it took.
    pub dataset: Vec<(&'static str, f64)>,
    pub measures: Vec<Measure>,
}

impl Run {
    pub fn push(&mut self, m: Measure) {
        self.measures.push(m);
    }

    pub fn json(&self) -> Value {
        let mut d = serde_json::Map::new();
        for (k, v) in &self.dataset {
            d.insert(k.to_string(), json!(v));
        }
        let mut m = serde_json::Map::new();
        for x in &self.measures {
            m.insert(x.id.to_string(), x.json());
        }
        json!({"scale": self.scale, "dataset": d, "measures": m})
    }

    /// The table, worded from the catalogue.
    pub fn table(&self, tx: &Catalog) -> String {
        let mut out = tx.f("bench.run_heading", &[("scale", &self.scale.to_string())]);
        out.push('\n');
        for (k, v) in &self.dataset {
            out.push_str(&format!(
                "  {:<28} {v:>14.1}\n",
                tx.t(&format!("bench.d.{k}")).to_string()
            ));
        }
        out.push_str(&format!(
            "\n  {:<52} {:>5} {:>10} {:>10} {:>10}  {}\n",
            tx.t("bench.col_measure"),
            "n",
            "p50",
            "p99",
            "max",
            tx.t("bench.col_note")
        ));
        for m in &self.measures {
            let label = tx.t(&format!("bench.m.{}", m.id)).to_string();
            let label = label.as_str();
            let pad = 52usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label));
            let note = match (&m.error, m.ratio, m.trail) {
                (Some(e), _, _) => e.clone(),
                (None, _, _) if m.in_order.is_some() => tx.f(
                    "bench.in_order",
                    &[(
                        "v",
                        &m.in_order
                            .iter()
                            .flatten()
                            .map(|x| fmt(*x))
                            .collect::<Vec<_>>()
                            .join(" "),
                    )],
                ),
                (None, Some(r), Some(t)) => tx.f(
                    "bench.ratio_trail",
                    &[("r", &format!("{r:.2}")), ("t", &format!("{t:.2}"))],
                ),
                (None, Some(r), None) => tx.f("bench.ratio", &[("r", &format!("{r:.2}"))]),
                (None, None, _) => String::new(),
            };
            out.push_str(&format!(
                "  {label}{:pad$} {:>5} {:>10} {:>10} {:>10}  {} {note}\n",
                "",
                m.n,
                fmt(m.p50),
                fmt(m.p99),
                fmt(m.max),
                m.unit.code(),
            ));
        }
        out
    }
}

fn fmt(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// How each measure's p50 grew from the smallest scale to the largest: the
/// exponent k in p50 ∝ scale^k (1: linear; well above 1: faster than the
/// data grows).
pub fn growth(runs: &[Run]) -> Vec<(&'static str, Vec<f64>, Option<f64>)> {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return Vec::new();
    };
    first
        .measures
        .iter()
        .map(|m| {
            let p50s: Vec<f64> = runs
                .iter()
                .map(|r| {
                    r.measures
                        .iter()
                        .find(|x| x.id == m.id)
                        .map(|x| x.p50)
                        .unwrap_or(0.0)
                })
                .collect();
            let a = p50s.first().copied().unwrap_or(0.0);
            let b = p50s.last().copied().unwrap_or(0.0);
            let k = (runs.len() > 1 && a > 0.0 && b > 0.0 && last.scale != first.scale)
                .then(|| (b / a).ln() / (last.scale / first.scale).ln());
            (m.id, p50s, k)
        })
        .collect()
}

pub fn growth_json(runs: &[Run]) -> Value {
    let mut m = serde_json::Map::new();
    for (id, p50s, k) in growth(runs) {
        m.insert(
            id.to_string(),
            json!({"p50": p50s, "exponent": k.map(|k| (k * 100.0).round() / 100.0)}),
        );
    }
    Value::Object(m)
}

pub fn growth_table(runs: &[Run], tx: &Catalog) -> String {
    let mut out = tx.t("bench.growth_heading").to_string();
    out.push('\n');
    let scales: Vec<String> = runs.iter().map(|r| format!("×{}", r.scale)).collect();
    out.push_str(&format!(
        "  {:<52} {}  k\n",
        tx.t("bench.col_measure"),
        scales
            .iter()
            .map(|s| format!("{s:>10}"))
            .collect::<String>()
    ));
    for (id, p50s, k) in growth(runs) {
        let label = tx.t(&format!("bench.m.{id}")).to_string();
        let label = label.as_str();
        let pad = 52usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label));
        let cols: String = p50s.iter().map(|x| format!("{:>10}", fmt(*x))).collect();
        let k = k.map(|k| format!("{k:.2}")).unwrap_or_else(|| "-".into());
        out.push_str(&format!("  {label}{:pad$} {cols}  {k}\n", ""));
    }
    out
}
