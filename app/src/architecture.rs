//! The shape of the code, checked on every unit-test run:
//! - no import cycle between files: a file that uses another is never used by it, however far round;
//! - a storage file (`store.rs`, `*_store.rs`, or a file in a `store/` folder) never uses a page
//!   (a file that defines a component or an island);
//! - the files that still mix components with SQL are the ones listed in `MIXED`, and that list
//!   only shrinks.
//!
//! Rust allows cycles between the modules of one crate, so nothing else would catch one; they are
//! how "change one rule" turns into "read the whole feature". The reading is textual and
//! file-level: comments and string literals are blanked, `use` trees expanded, and every path that
//! starts at `crate`, `super`, `self`, a child module or a name brought in by `use` is followed to
//! the file that defines it, through `pub use` re-exports. A re-export itself is not a dependency
//! (it names what a child defines), and `mod tests` blocks are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Files that define components and run SQL, waiting for the layered shape of issue 17. Remove a
/// line when its file is split; never add one (the test fails both ways).
const MIXED: &[&str] = &[
    "admin/staff.rs",
    "auth/account.rs",
    "auth/set_password.rs",
    "auth/sign_in.rs",
    "dashboard/mod.rs",
    "grading/mod.rs",
    "offer/board.rs",
    "offer/manage.rs",
    "outbox/mod.rs",
    "positions/graders.rs",
    "positions/invite.rs",
    "positions/mod.rs",
    "screening/library.rs",
    "screening/values.rs",
];

type ModPath = Vec<String>;

/// Source text with comments and the insides of string and character literals replaced by
/// spaces; line breaks are kept so positions still name the right line.
fn blank_literals(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let keep_lines = |out: &mut String, from: &[char]| {
        for ch in from {
            out.push(if *ch == '\n' { '\n' } else { ' ' });
        }
    };
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let end = c[i..].iter().position(|&ch| ch == '\n').map_or(c.len(), |n| i + n);
            keep_lines(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            keep_lines(&mut out, &c[i..j.min(c.len())]);
            i = j;
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let start = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[start..].iter().take_while(|&&ch| ch == '#').count();
            c.get(start + hashes) == Some(&'"')
        } {
            // A raw string: r"…", r#"…"#, br"…".
            let start = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[start..].iter().take_while(|&&ch| ch == '#').count();
            let body = start + hashes + 1;
            let mut j = body;
            while j < c.len() && !(c[j] == '"' && c[j + 1..].iter().take(hashes).filter(|&&ch| ch == '#').count() == hashes) {
                j += 1;
            }
            out.push_str("\"\"");
            keep_lines(&mut out, &c[body..j.min(c.len())]);
            i = (j + 1 + hashes).min(c.len());
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            keep_lines(&mut out, &c[i + 1..j.min(c.len())]);
            i = j + 1;
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a, 'static).
            if c.get(i + 1) == Some(&'\\') {
                let end = c[i + 2..].iter().position(|&ch| ch == '\'').map_or(c.len(), |n| i + 2 + n);
                out.push_str("' '");
                i = end + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                out.push_str("' '");
                i += 3;
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
}

fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            out.push((Tok::Ident(word.trim_start_matches("r#").to_string()), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Tok::Punct("::"), line));
            i += 2;
        } else {
            let p = match ch {
                '{' => "{",
                '}' => "}",
                ';' => ";",
                ',' => ",",
                '*' => "*",
                '#' => "#",
                '[' => "[",
                '(' => "(",
                ')' => ")",
                '.' => ".",
                '<' => "<",
                '!' => "!",
                _ => "?",
            };
            out.push((Tok::Punct(p), line));
            i += 1;
        }
    }
    out
}

/// One name a `use` brings into scope: the path it stands for, the name it is known by, and
/// whether it is a glob (`path::*`).
#[derive(Clone, Debug, PartialEq)]
struct UseItem {
    path: Vec<String>,
    name: String,
    glob: bool,
}

/// Expands one use tree (`a::{b, c::d as e, f::*}`) starting at `toks[*pos]`.
fn use_tree(toks: &[Tok], pos: &mut usize, prefix: Vec<String>, out: &mut Vec<UseItem>) {
    let mut path = prefix;
    while let Some(tok) = toks.get(*pos) {
        match tok {
            Tok::Ident(seg) => {
                path.push(seg.clone());
                *pos += 1;
                if toks.get(*pos) == Some(&Tok::Punct("::")) {
                    *pos += 1;
                    continue;
                }
                let mut name = path.last().cloned().unwrap_or_default();
                if toks.get(*pos) == Some(&Tok::Ident("as".into())) {
                    if let Some(Tok::Ident(alias)) = toks.get(*pos + 1) {
                        name = alias.clone();
                    }
                    *pos += 2;
                }
                if path.last().map(String::as_str) == Some("self") {
                    path.pop();
                    if name == "self" {
                        name = path.last().cloned().unwrap_or_default();
                    }
                }
                out.push(UseItem { path, name, glob: false });
                return;
            }
            Tok::Punct("{") => {
                *pos += 1;
                while let Some(tok) = toks.get(*pos) {
                    match tok {
                        Tok::Punct("}") => {
                            *pos += 1;
                            break;
                        }
                        Tok::Punct(",") => *pos += 1,
                        _ => use_tree(toks, pos, path.clone(), out),
                    }
                }
                return;
            }
            Tok::Punct("*") => {
                *pos += 1;
                out.push(UseItem { path, name: String::new(), glob: true });
                return;
            }
            _ => {
                *pos += 1;
                return;
            }
        }
    }
}

/// Where a file refers to another module: `path` as written, read in module `scope`.
#[derive(Debug)]
struct Reference {
    scope: ModPath,
    path: Vec<String>,
    line: usize,
}

#[derive(Default)]
struct File {
    rel: String,
    page: bool,
    sql: bool,
    store: bool,
    references: Vec<Reference>,
}

#[derive(Default)]
struct Crate {
    files: Vec<File>,
    /// Every module, file or inline, and the file it is written in.
    modules: BTreeMap<ModPath, usize>,
    /// The names each module's `use` declarations bring in, public or not (a child module sees
    /// its parent's private imports through `super::`).
    uses: BTreeMap<ModPath, Vec<UseItem>>,
}

fn module_of(rel: &str) -> ModPath {
    let stem = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut krate = Crate::default();
        let mut stack = vec![src.to_path_buf()];
        let mut paths = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        for path in paths {
            let rel = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
            if rel == "main.rs" {
                continue;
            }
            let text = blank_literals(&std::fs::read_to_string(&path).expect("read file"));
            krate.add(rel, &text);
        }
        krate
    }

    fn add(&mut self, rel: String, text: &str) {
        let index = self.files.len();
        let module = module_of(&rel);
        let file_name = rel.rsplit('/').next().unwrap_or("");
        let mut file = File {
            page: text.contains("#[component") || text.contains("#[island"),
            sql: text.contains("sqlx::query"),
            store: file_name == "store.rs" || file_name.ends_with("_store.rs") || rel.contains("/store/"),
            rel,
            references: Vec::new(),
        };
        self.modules.insert(module.clone(), index);
        let toks = tokens(text);
        let kinds: Vec<Tok> = toks.iter().map(|(t, _)| t.clone()).collect();
        let ident = |i: usize| match kinds.get(i) {
            Some(Tok::Ident(s)) => Some(s.as_str()),
            _ => None,
        };
        // Braces opened so far: Some(name) for an inline module, None for any other block.
        let mut braces: Vec<Option<String>> = Vec::new();
        let mut skipping: Option<usize> = None; // the brace depth of a `mod tests` being skipped
        let scope = |braces: &Vec<Option<String>>| {
            let mut m = module.clone();
            m.extend(braces.iter().flatten().cloned());
            m
        };
        let mut i = 0;
        while i < kinds.len() {
            let line = toks[i].1;
            match &kinds[i] {
                Tok::Punct("{") => {
                    let inline = (i >= 2 && ident(i - 2) == Some("mod")).then(|| ident(i - 1).map(str::to_string)).flatten();
                    if let Some(name) = &inline {
                        if name == "tests" && skipping.is_none() {
                            skipping = Some(braces.len());
                        }
                        let mut m = scope(&braces);
                        m.push(name.clone());
                        self.modules.insert(m, index);
                    }
                    braces.push(inline);
                    i += 1;
                }
                Tok::Punct("}") => {
                    braces.pop();
                    if skipping == Some(braces.len()) {
                        skipping = None;
                    }
                    i += 1;
                }
                _ if skipping.is_some() => i += 1,
                Tok::Ident(word) if word == "use" && (i == 0 || kinds[i - 1] != Tok::Punct("::")) => {
                    // `pub use`, `pub(crate) use`, `pub(super) use`: a re-export.
                    let public = kinds[..i]
                        .iter()
                        .rev()
                        .take_while(|t| !matches!(t, Tok::Punct(";" | "{" | "}" | "]")))
                        .any(|t| *t == Tok::Ident("pub".into()));
                    let end = kinds[i..].iter().position(|t| *t == Tok::Punct(";")).map_or(kinds.len(), |n| i + n);
                    let mut items = Vec::new();
                    let mut pos = 0;
                    let body = &kinds[i + 1..end];
                    if body.first() == Some(&Tok::Punct("::")) {
                        pos = 1;
                    }
                    while pos < body.len() {
                        use_tree(body, &mut pos, Vec::new(), &mut items);
                    }
                    let here = scope(&braces);
                    for item in &items {
                        if !public {
                            file.references.push(Reference { scope: here.clone(), path: item.path.clone(), line });
                        }
                    }
                    self.uses.entry(here).or_default().extend(items);
                    i = end + 1;
                }
                Tok::Ident(first) if (i == 0 || !matches!(kinds[i - 1], Tok::Punct("::") | Tok::Punct("."))) && kinds.get(i + 1) == Some(&Tok::Punct("::")) => {
                    let mut path = vec![first.clone()];
                    let mut j = i + 1;
                    while kinds.get(j) == Some(&Tok::Punct("::")) {
                        match ident(j + 1) {
                            Some(seg) => path.push(seg.to_string()),
                            None => break,
                        }
                        j += 2;
                    }
                    file.references.push(Reference { scope: scope(&braces), path, line });
                    i = j;
                }
                _ => i += 1,
            }
        }
        self.files.push(file);
    }

    /// The module a path leads to, read in `scope`: the deepest module it names, after following
    /// the `use` declarations it passes through; None for a path outside this crate.
    fn resolve(&self, scope: &[String], path: &[String], depth: usize) -> Option<ModPath> {
        if depth > 12 || path.is_empty() {
            return None;
        }
        let (mut here, mut rest): (ModPath, &[String]) = match path[0].as_str() {
            "crate" => (Vec::new(), &path[1..]),
            "self" => (scope.to_vec(), &path[1..]),
            "super" => {
                let ups = path.iter().take_while(|s| *s == "super").count();
                let mut m = scope.to_vec();
                for _ in 0..ups {
                    m.pop()?;
                }
                (m, &path[ups..])
            }
            _ => (scope.to_vec(), path),
        };
        let relative = !matches!(path[0].as_str(), "crate" | "self" | "super");
        let mut first = true;
        while let Some(seg) = rest.first() {
            let mut child = here.clone();
            child.push(seg.clone());
            if self.modules.contains_key(&child) {
                here = child;
                rest = &rest[1..];
                first = false;
                continue;
            }
            if let Some(item) = self.uses.get(&here).and_then(|items| items.iter().find(|u| !u.glob && u.name == *seg)) {
                let mut next = item.path.clone();
                next.extend(rest[1..].iter().cloned());
                return self.resolve(&here, &next, depth + 1);
            }
            if let Some(items) = self.uses.get(&here) {
                for glob in items.iter().filter(|u| u.glob) {
                    let mut next = glob.path.clone();
                    next.extend(rest.iter().cloned());
                    if let Some(found) = self.resolve(&here, &next, depth + 1) {
                        if found.len() > 0 && self.modules.get(&found) != self.modules.get(&here) {
                            return Some(found);
                        }
                    }
                }
            }
            // A relative path whose first name is neither a module nor an import here is another
            // crate's, or a local item (`Self::`, `Vec::new`).
            if relative && first {
                return None;
            }
            break;
        }
        Some(here)
    }

    /// Every file-to-file dependency: (from, to) → the first place it is written.
    fn edges(&self) -> BTreeMap<(usize, usize), (usize, String)> {
        let mut edges = BTreeMap::new();
        for (from, file) in self.files.iter().enumerate() {
            for r in &file.references {
                if let Some(to) = self.resolve(&r.scope, &r.path, 0).and_then(|m| self.modules.get(&m).copied()) {
                    if to != from {
                        edges.entry((from, to)).or_insert_with(|| (r.line, r.path.join("::")));
                    }
                }
            }
        }
        edges
    }
}

/// The groups of files that reach each other (Tarjan's strongly connected components), larger
/// than one file.
fn cycles(n: usize, edges: &BTreeMap<(usize, usize), (usize, String)>) -> Vec<Vec<usize>> {
    struct Walk<'a> {
        next: Vec<Vec<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        found: &'a mut Vec<Vec<usize>>,
    }
    fn visit(w: &mut Walk, v: usize) {
        w.index[v] = Some(w.counter);
        w.low[v] = w.counter;
        w.counter += 1;
        w.stack.push(v);
        w.on_stack[v] = true;
        for k in 0..w.next[v].len() {
            let u = w.next[v][k];
            match w.index[u] {
                None => {
                    visit(w, u);
                    w.low[v] = w.low[v].min(w.low[u]);
                }
                Some(i) if w.on_stack[u] => w.low[v] = w.low[v].min(i),
                _ => {}
            }
        }
        if Some(w.low[v]) == w.index[v] {
            let mut group = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on_stack[u] = false;
                group.push(u);
                if u == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                w.found.push(group);
            }
        }
    }
    let mut next = vec![Vec::new(); n];
    for &(from, to) in edges.keys() {
        next[from].push(to);
    }
    let mut found = Vec::new();
    let mut w = Walk { next, index: vec![None; n], low: vec![0; n], on_stack: vec![false; n], stack: Vec::new(), counter: 0, found: &mut found };
    for v in 0..n {
        if w.index[v].is_none() {
            visit(&mut w, v);
        }
    }
    found
}

fn this_crate() -> Crate {
    Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_file_is_in_an_import_cycle() {
    let krate = this_crate();
    let edges = krate.edges();
    let mut report = String::new();
    for group in cycles(krate.files.len(), &edges) {
        let members: BTreeSet<usize> = group.iter().copied().collect();
        report.push_str(&format!("\nThese files use each other, round a cycle:\n"));
        for ((from, to), (line, path)) in edges.iter().filter(|((f, t), _)| members.contains(f) && members.contains(t)) {
            report.push_str(&format!("  {}:{line} uses {} ({path})\n", krate.files[*from].rel, krate.files[*to].rel));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn no_store_uses_a_page() {
    let krate = this_crate();
    let wrong: Vec<String> = krate
        .edges()
        .iter()
        .filter(|((from, to), _)| krate.files[*from].store && krate.files[*to].page)
        .map(|((from, to), (line, path))| format!("{}:{line} uses the page file {} ({path})", krate.files[*from].rel, krate.files[*to].rel))
        .collect();
    assert!(wrong.is_empty(), "storage must not depend on pages:\n{}", wrong.join("\n"));
}

#[test]
fn no_store_takes_the_app_state() {
    // A store is given the database handle (or a transaction) and the time, so it can be run
    // inside any transaction and at any instant; the state is unpacked above it.
    let krate = this_crate();
    let wrong: Vec<String> = krate
        .edges()
        .iter()
        .filter(|((from, to), _)| krate.files[*from].store && krate.files[*to].rel == "state.rs")
        .map(|((from, _), (line, path))| format!("{}:{line} uses {path}", krate.files[*from].rel))
        .collect();
    assert!(wrong.is_empty(), "stores take the database handle and the time, never AppState:\n{}", wrong.join("\n"));
}

#[test]
fn pages_and_sql_part_only_one_way() {
    let krate = this_crate();
    let mixed: BTreeSet<&str> = krate.files.iter().filter(|f| f.page && f.sql).map(|f| f.rel.as_str()).collect();
    let listed: BTreeSet<&str> = MIXED.iter().copied().collect();
    let new: Vec<_> = mixed.difference(&listed).collect();
    let done: Vec<_> = listed.difference(&mixed).collect();
    assert!(new.is_empty(), "these files define components and run SQL: put the SQL in a store ({new:?})");
    assert!(done.is_empty(), "these files no longer mix pages and SQL: take them out of MIXED ({done:?})");
}

#[cfg(test)]
mod reading {
    use super::*;

    #[test]
    fn comments_strings_and_chars_are_blanked_but_lifetimes_stay() {
        let src = "let a = \"crate::x\"; // crate::y\n/* crate::z /* nested */ */ let b: &'a str = r#\"crate::w\"#; let c = '\\''; let d = '\"'; crate::real";
        let out = blank_literals(src);
        assert!(!out.contains("crate::x") && !out.contains("crate::y") && !out.contains("crate::z") && !out.contains("crate::w"), "{out}");
        assert!(out.contains("&'a str") && out.contains("crate::real"), "{out}");
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn use_trees_expand_with_groups_self_and_aliases() {
        let toks: Vec<Tok> = tokens("crate::a::{self, b::C, d::{E as F, *}}").into_iter().map(|(t, _)| t).collect();
        let mut items = Vec::new();
        use_tree(&toks, &mut 0, Vec::new(), &mut items);
        let got: Vec<(String, String, bool)> = items.iter().map(|u| (u.path.join("::"), u.name.clone(), u.glob)).collect();
        assert_eq!(
            got,
            vec![
                ("crate::a".into(), "a".into(), false),
                ("crate::a::b::C".into(), "C".into(), false),
                ("crate::a::d::E".into(), "F".into(), false),
                ("crate::a::d".into(), "".into(), true),
            ]
        );
    }

    fn toy() -> Crate {
        let mut k = Crate::default();
        k.add("lib.rs".into(), "pub mod a; pub mod b;");
        k.add("a/mod.rs".into(), "mod writer; pub use writer::{record, Actor};\nmod inner { pub fn f() { super::super::b::g() } }");
        k.add("a/writer.rs".into(), "pub fn record() {}");
        k.add("b.rs".into(), "use crate::a::record;\npub fn g() { record() }\n#[cfg(test)] mod tests { use crate::a::writer; }");
        k
    }

    #[test]
    fn re_exports_lead_to_the_file_that_defines_the_item() {
        let k = toy();
        let names: Vec<(String, String)> =
            k.edges().keys().map(|(f, t)| (k.files[*f].rel.clone(), k.files[*t].rel.clone())).collect();
        // b uses a's re-export of writer's record: the edge goes to writer, not to a/mod.rs; the
        // inline module's super::super reaches b; mod tests is not read.
        assert_eq!(names, vec![("a/mod.rs".into(), "b.rs".into()), ("b.rs".into(), "a/writer.rs".into())]);
        assert!(cycles(k.files.len(), &k.edges()).is_empty());
    }

    #[test]
    fn a_cycle_is_found_with_its_edges() {
        let mut k = Crate::default();
        k.add("lib.rs".into(), "pub mod a; pub mod b; pub mod c;");
        k.add("a.rs".into(), "pub fn f() { crate::b::g() }");
        k.add("b.rs".into(), "use super::c::h;\npub fn g() { h() }");
        k.add("c.rs".into(), "pub(crate) use crate::a::f as also_f;\npub fn h() { self::also_f() }");
        let found = cycles(k.files.len(), &k.edges());
        assert_eq!(found, vec![vec![1, 2, 3]]);
    }
}
