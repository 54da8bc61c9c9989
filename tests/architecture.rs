//! The layout holds by construction where the compiler can see it (the
//! store is private to the library: a front end naming it does not
//! compile); where it cannot, here: the two front ends do not import each
//! other, and no two modules of the interface import each other in a
//! circle (a parent and its child modules aside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module a file is (`src/tui/shell/mod.rs` → tui::shell).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path = path.trim();
    let Some(open) = path.find('{') else {
        return vec![path.to_string()];
    };
    let head = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(&format!("{head}{}", p.trim())))
        .collect()
}

/// Every module path a file names: in `use` statements and inline
/// (`crate::tui::x`, `super::x`), its tests left out.
fn references(text: &str) -> Vec<String> {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        let Some(start) = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
        else {
            continue;
        };
        let mut stmt = start.to_string();
        while !stmt.contains(';') {
            match lines.next() {
                Some(l) => stmt.push_str(l),
                None => break,
            }
        }
        let stmt = stmt.split(';').next().unwrap_or("").replace(' ', "");
        out.extend(expand(&stmt));
    }
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_')) {
        if word.starts_with("super::") || word.starts_with("crate::") {
            out.push(word.to_string());
        }
    }
    out
}

/// The module a path names, seen from `from`: the longest known prefix.
fn resolve(from: &[String], path: &str, known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String>;
    let mut i = 0;
    if segs.first() == Some(&"crate") {
        base = Vec::new();
        i = 1;
    } else if segs.first() == Some(&"super") {
        base = from.to_vec();
        while segs.get(i) == Some(&"super") {
            base.pop();
            i += 1;
        }
    } else {
        return None;
    }
    let mut best = None;
    for s in &segs[i..] {
        base.push(s.to_string());
        if known.contains(&base) {
            best = Some(base.clone());
        }
    }
    best
}

#[test]
fn the_front_ends_do_not_import_each_other() {
    let mut files = Vec::new();
    rust_files(&src().join("tui"), &mut files);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.contains("crate::cli"),
            "{} imports the cli",
            f.display()
        );
    }
    let mut files = Vec::new();
    rust_files(&src().join("cli"), &mut files);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.contains("crate::tui"),
            "{} imports the tui",
            f.display()
        );
    }
}

#[test]
fn no_two_modules_of_the_interface_import_each_other_in_a_circle() {
    let mut files = Vec::new();
    rust_files(&src().join("tui"), &mut files);
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for f in &files {
        let m = module_of(f);
        let text = std::fs::read_to_string(f).unwrap();
        for r in references(&text) {
            let Some(t) = resolve(&m, &r, &known) else {
                continue;
            };
            // a parent and its children may name each other
            let related = t.starts_with(&m) || m.starts_with(&t);
            if !related {
                edges.entry(m.clone()).or_default().insert(t);
            }
        }
    }
    assert!(
        edges.values().map(|e| e.len()).sum::<usize>() > 10,
        "the scan found the interface's imports: {edges:?}"
    );
    // depth-first search for a way back to where it started
    fn reaches(
        from: &Vec<String>,
        to: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        seen: &mut BTreeSet<Vec<String>>,
    ) -> bool {
        for next in edges.get(from).into_iter().flatten() {
            // an edge into a module counts for its whole subtree
            if next == to || to.starts_with(next) {
                return true;
            }
            if seen.insert(next.clone()) && reaches(next, to, edges, seen) {
                return true;
            }
            // and what any module inside it imports
            for (inner, _) in edges.range(next.clone()..) {
                if !inner.starts_with(next) {
                    break;
                }
                if seen.insert(inner.clone()) && reaches(inner, to, edges, seen) {
                    return true;
                }
            }
        }
        false
    }
    for (m, targets) in &edges {
        for t in targets {
            let mut seen = BTreeSet::new();
            assert!(
                !reaches(t, m, &edges, &mut seen),
                "{} imports {} and {} leads back to it",
                m.join("::"),
                t.join("::"),
                t.join("::")
            );
        }
    }
}

/// Everything the program prints goes out through `src/out.rs`, which makes
/// it safe for a terminal (exports come encoded by the library): no other
/// file prints with the standard macros or writes to stdout or stderr
/// itself (the screens go through ratatui and their own last pass).
#[test]
fn only_the_one_output_module_prints() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for f in &files {
        // out.rs itself; and test modules in files of their own
        // (`tests.rs`, `*_tests.rs`: compiled only for `cargo test`)
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if f.ends_with("src/out.rs") || name.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") {
                continue;
            }
            for bad in [
                "println!(",
                "print!(",
                "eprintln!(",
                "eprint!(",
                "dbg!(",
                "stdout().lock()",
                "stderr().lock()",
                "io::stderr()",
            ] {
                if l.contains(bad) {
                    found.push(format!("{}:{}: {l}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(files.len() > 100, "found only {} files", files.len());
    assert!(
        found.is_empty(),
        "printing outside src/out.rs:\n{}",
        found.join("\n")
    );
}
