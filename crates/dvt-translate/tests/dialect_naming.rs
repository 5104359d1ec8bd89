//! Dialect differences are capability data (`dialect::CAPS`, the adapter rows, the JDBC specs)
//! and catalog rows, never a dialect named in logic: this test reads the sources of every crate
//! but the tables' own and the connectors ([`SCANNED`]) and fails,
//! listing `file:line`, where a [`DbKind`] variant is named in code — `DbKind::MySql`
//! anywhere, or a bare `Mysql` in a match arm, a `matches!` or an `==` / `!=` comparison — or
//! where a constant lists dialects.
//!
//! Not counted: comments (doc comments included), string literals, `#[cfg(test)]` items,
//! `use` lines, a dialect passed as an argument of a translate or parse call (which dialect to
//! translate from or to is identity, not logic), and the places in [`ALLOWED`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use dvt_translate::DbKind;

/// Where naming a dialect is the point.
enum Allow {
    /// The whole file.
    File,
    /// The item (a function, module, …) whose text starts with this, to the end of its block.
    Item(&'static str),
    /// The code that contains this text.
    Text(&'static str),
}

/// The allowed places: (path under `crates/`, what, why).
const ALLOWED: &[(&str, Allow, &str)] = &[
    (
        "dvt-translate/src/dialect.rs",
        Allow::File,
        "the capability table itself, and DbKind's definition and parsing",
    ),
    (
        "dvt-core/src/profiles.rs",
        Allow::Item("Adapter { kind: DbKind::"),
        "the adapter rows of profiles.yml's types (ports, server identity, keys)",
    ),
    (
        "dvt-translate/src/catalog/mod.rs",
        Allow::Item("pub mod groups"),
        "dialect groups that the function catalog's rows name (catalog rows are data)",
    ),
    (
        "dvt-planner/src/plan/datafusion_plan.rs",
        Allow::Text("input.model_dialect == DbKind::DataFusion"),
        "identity: a model already written in the engine's dialect is not translated",
    ),
];

/// The crates whose logic must ask capabilities: everything but the tables themselves
/// (`dvt-types`' type tables, `dvt-jdbc`'s JDBC specs) and the connectors (each one database's
/// implementation).
const SCANNED: &[&str] = &[
    "dvt-translate/src",
    "dvt-planner/src",
    "dvt-core/src",
    "dvt-engine/src",
    "dvt-spark/src",
    "dvt-cli/src",
    "../src",
];

/// Calls whose dialect arguments say what to translate from and to.
const CALLS: &[&str] = &[
    "translate",
    "translate_expr",
    "rewrite_expr",
    "rewrite_statement",
    "parse",
    "parse_expr",
];

fn variants() -> Vec<String> {
    DbKind::ALL.iter().map(|d| format!("{d:?}")).collect()
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The source with comments, string and char literals blanked (newlines kept).
fn code_only(src: &str) -> Vec<u8> {
    let s = src.as_bytes();
    let mut out = s.to_vec();
    let blank = |out: &mut Vec<u8>, r: Range<usize>| {
        for b in &mut out[r] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let end = if rest.starts_with(b"//") {
            i + rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            i + find(rest, b"*/").map_or(rest.len(), |p| p + 2)
        } else if let Some(n) = raw_string(rest) {
            i + n
        } else if rest[0] == b'"' && (i == 0 || s[i - 1] != b'\'') {
            i + quoted(rest)
        } else if rest[0] == b'\'' {
            i + char_literal(rest).unwrap_or(1)
        } else {
            i += 1;
            continue;
        };
        if end > i + 1 || rest[0] != b'\'' {
            blank(&mut out, i..end);
        }
        i = end.max(i + 1);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) at the start, if one is.
fn raw_string(s: &[u8]) -> Option<usize> {
    let start = if s.starts_with(b"br") {
        2
    } else {
        usize::from(s.starts_with(b"r"))
    };
    if start == 0 {
        return None;
    }
    let hashes = s[start..].iter().take_while(|&&c| c == b'#').count();
    if s.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = start + hashes + 1;
    Some(body + find(&s[body..], &close).map_or(s.len() - body, |p| p + close.len()))
}

/// The length of a `"…"` literal at the start.
fn quoted(s: &[u8]) -> usize {
    let mut k = 1;
    while k < s.len() {
        match s[k] {
            b'\\' => k += 2,
            b'"' => return k + 1,
            _ => k += 1,
        }
    }
    s.len()
}

/// The length of a char literal (`'a'`, `'\n'`, `'\''`) at the start; `None` for a lifetime.
fn char_literal(s: &[u8]) -> Option<usize> {
    if s.get(1) == Some(&b'\\') {
        return s[2..].iter().position(|&c| c == b'\'').map(|p| p + 3);
    }
    let len = std::str::from_utf8(&s[1..s.len().min(6)])
        .or_else(|e| std::str::from_utf8(&s[1..1 + e.valid_up_to()]))
        .ok()?
        .chars()
        .next()?
        .len_utf8();
    (s.get(1 + len) == Some(&b'\'')).then_some(len + 2)
}

/// The end of the item that starts at `at`: its first `;` before any block, or its block.
fn item_end(code: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    for (k, &c) in code.iter().enumerate().skip(at) {
        match c {
            b';' if depth == 0 => return k + 1,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// The end of the parenthesized arguments that start at `open` (a `(`).
fn paren_end(code: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, &c) in code.iter().enumerate().skip(open) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// Every occurrence of `word` as a whole word.
fn words<'a>(code: &'a [u8], word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let w = word.as_bytes();
    (0..code.len().saturating_sub(w.len() - 1)).filter(move |&k| {
        code[k..].starts_with(w)
            && (k == 0 || !is_ident(code[k - 1]))
            && code.get(k + w.len()).is_none_or(|&c| !is_ident(c))
    })
}

/// Ranges of the code: `#[cfg(test)]` items and the allowed items and texts, and (apart) the
/// allowed whole files.
fn skipped(code: &[u8], allowed: &[&Allow]) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut out = Vec::new();
    let mut mark = |text: &str, whole_item: bool| {
        let mut from = 0;
        while let Some(p) = find(&code[from..], text.as_bytes()) {
            let at = from + p;
            let end = if whole_item {
                item_end(code, at)
            } else {
                at + text.len()
            };
            out.push(at..end);
            from = end;
        }
    };
    mark("#[cfg(test)]", true);
    let mut files = Vec::new();
    for a in allowed {
        match a {
            Allow::File => files.push(0..code.len()),
            Allow::Item(t) => mark(t, true),
            Allow::Text(t) => mark(t, false),
        }
    }
    (out, files)
}

/// Ranges of the arguments of `matches!` and of translate and parse calls.
fn spans(code: &[u8]) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let at_open = |name: &str| -> Vec<Range<usize>> {
        words(code, name)
            .filter_map(|k| {
                let open = k + name.len() + usize::from(name == "matches");
                (code.get(open) == Some(&b'(')).then(|| open..paren_end(code, open))
            })
            .collect()
    };
    let calls = CALLS.iter().flat_map(|c| at_open(c)).collect();
    (at_open("matches"), calls)
}

/// What a dialect named at `at..end` is used for, when it is logic.
fn logic_use(code: &[u8], at: usize, end: usize, qualified: bool) -> Option<&'static str> {
    let before = std::str::from_utf8(&code[..at]).unwrap().trim_end();
    let after = std::str::from_utf8(&code[end..]).unwrap().trim_start();
    let line_after = after.split('\n').next().unwrap_or("");
    if before.ends_with("==")
        || before.ends_with("!=")
        || after.starts_with("==")
        || after.starts_with("!=")
    {
        return Some("compared");
    }
    if after.starts_with("=>")
        || after.starts_with('|')
        || after.starts_with("if ")
        || before.ends_with('|')
    {
        return Some("a match pattern");
    }
    if line_after.contains("=>") && !line_after.contains('{') && !line_after.contains("(|") {
        return Some("a match pattern");
    }
    qualified.then_some("named")
}

/// The places in one file where a dialect is named in logic.
fn scan(rel: &str, src: &str) -> Vec<String> {
    let code = code_only(src);
    let allowed: Vec<&Allow> = ALLOWED
        .iter()
        .filter(|(f, ..)| *f == rel)
        .map(|(_, a, _)| a)
        .collect();
    let (items, files) = skipped(&code, &allowed);
    let skip: Vec<Range<usize>> = items.iter().chain(&files).cloned().collect();
    let (matches, calls) = spans(&code);
    let inside = |rs: &[Range<usize>], k: usize| rs.iter().any(|r| r.contains(&k));
    let line_of = |k: usize| code[..k].iter().filter(|&&c| c == b'\n').count() + 1;
    let text_of = |k: usize| {
        src.lines()
            .nth(line_of(k) - 1)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut report = |k: usize, why: String| {
        let line = line_of(k);
        out.push((line, format!("crates/{rel}:{line}: {why}: {}", text_of(k))));
    };
    for v in variants() {
        for k in words(&code, &v) {
            if inside(&skip, k) || is_use_line(&code, k) {
                continue;
            }
            let qualified = code[..k].ends_with(b"DbKind::");
            let path = code[..k].ends_with(b"::") && !qualified;
            if path || (k > 0 && code[k - 1] == b'.') {
                continue;
            }
            let end = k + v.len();
            let why = if inside(&matches, k) {
                Some("in matches!")
            } else {
                logic_use(&code, k, end, qualified)
            };
            match why {
                Some("named") if inside(&calls, k) => {}
                Some(why) => report(k, format!("{v} {why}")),
                None => {}
            }
        }
    }
    // A constant listing dialects is a dialect test waiting to happen, in any file.
    for k in words(&code, "DbKind").filter(|&k| !inside(&items, k) && is_dialect_list(&code, k)) {
        report(k, "a constant that lists dialects".into());
    }
    out.sort();
    out.into_iter().map(|(_, h)| h).collect()
}

fn is_use_line(code: &[u8], k: usize) -> bool {
    let start = code[..k]
        .iter()
        .rposition(|&c| c == b';' || c == b'}' || c == b'{')
        .map_or(0, |p| p + 1);
    let stmt = std::str::from_utf8(&code[start..k]).unwrap().trim_start();
    stmt.starts_with("use ") || stmt.starts_with("pub use ") || stmt.starts_with("pub(crate) use ")
}

/// Whether the `DbKind` at `k` is in the type of a `const` or `static` whose value names a
/// dialect.
fn is_dialect_list(code: &[u8], k: usize) -> bool {
    let line_start = code[..k]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    let head = std::str::from_utf8(&code[line_start..k])
        .unwrap()
        .trim_start();
    let head = head
        .strip_prefix("pub(crate) ")
        .or_else(|| head.strip_prefix("pub "))
        .unwrap_or(head);
    let declared = (head.starts_with("const ") || head.starts_with("static "))
        && !head.starts_with("const fn");
    if !declared || !head.contains(':') || head.contains('=') {
        return false;
    }
    let value = &code[k..item_end(code, k)];
    variants().iter().any(|v| words(value, v).next().is_some())
}

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

#[test]
fn no_dialect_is_named_in_logic() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for c in SCANNED {
        rust_files(&crates.join(c), &mut files);
    }
    files.sort();
    assert!(
        files.len() > 10,
        "the sources were not found under {}",
        crates.display()
    );
    let mut hits = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&crates)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        hits.extend(scan(&rel, &std::fs::read_to_string(f).unwrap()));
    }
    assert!(
        hits.is_empty(),
        "a dialect is named in logic; ask a capability of dialect::Caps (or add a catalog row) instead:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_scanner_sees_what_it_should() {
    let src = r#"
fn f(d: DbKind) -> bool {
    // DbKind::MySql in a comment
    let s = "DbKind::MySql in a string";
    let t = Translator.translate(sql, DbKind::DataFusion, d);
    match d { MySql | MariaDb => true, _ => d == DbKind::Sqlite }
}
const LIST: &[DbKind] = &[MySql];
const NONE: &[DbKind] = &[];
/// Doc: `Postgres =>`.
#[cfg(test)]
mod tests { fn g() { assert!(matches!(d, Postgres)); } }
fn h() -> bool { matches!(d, Spark | Databricks) || x == SqlServer }
fn i(d: DbKind, t: &str) -> u8 {
    let u = Translator.translate(
        sql,
        DbKind::Spark,
        d,
    );
    let rows = &[(Trino, "x")];
    match (d, t) { (Sqlite, "DATE") => 1, _ => 0 }
}
"#;
    let hits = scan("x.rs", src);
    let lines: Vec<&str> = hits.iter().map(|h| h.split(": ").next().unwrap()).collect();
    let expected = [6, 6, 6, 8, 13, 13, 13, 21].map(|n| format!("crates/x.rs:{n}"));
    assert_eq!(lines, expected, "{hits:#?}");
}
