//! Finding JDBC driver jars on disk, for Spark's `--jars` / `spark.jars`.
//!
//! Directories are searched in this order (see [`JarLocator::search_dirs`]):
//!
//! 1. `jdbc_jars_dir` from `computes.yml` (passed to [`JarLocator::new`]);
//! 2. every directory of `$DVT_JDBC_JARS` (a `:`-separated list, `;` on Windows);
//! 3. `~/.dvt/jdbc_jars` (home from the [`Environment`]);
//! 4. the system directories, [`JarLocator::system_dirs`] (by default `/usr/share/java`, where
//!    Debian's `lib*-java` packages put their jars).
//!
//! The first directory holding a jar that matches one of the adapter's patterns wins. Within a
//! directory, earlier patterns win, and among files matching one pattern the newest-looking one
//! (the largest sequence of numbers in its name, then the name) wins, so the choice is
//! deterministic. Symbolic links are followed: Debian's `/usr/share/java/postgresql.jar` is a link
//! to a versioned jar and both match. Missing directories are skipped (and listed as searched in
//! the error). An adapter whose row has a [`fallback`](crate::JdbcSpec::fallback) (MySQL) tries
//! the fallback's jar only when the primary jar is in no directory.

use std::path::{Path, PathBuf};

use dvt_core::env::Environment;
use dvt_core::profiles::{Connection, DbKind};

use crate::error::{JdbcError, Result};
use crate::spec::JdbcSpec;
use crate::target::JdbcTarget;

/// The environment variable holding extra driver-jar directories.
pub const JARS_ENV_VAR: &str = "DVT_JDBC_JARS";

/// The per-user driver-jar directory, relative to the home directory.
pub const USER_JARS_DIR: &str = ".dvt/jdbc_jars";

/// The system directories searched last by default.
pub const DEFAULT_SYSTEM_DIRS: &[&str] = &["/usr/share/java"];

/// Finds driver jars; see the module docs for the search order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarLocator {
    /// Directories searched before the system ones, in order (`jdbc_jars_dir`,
    /// `$DVT_JDBC_JARS`, `~/.dvt/jdbc_jars`).
    pub user_dirs: Vec<PathBuf>,
    /// Directories searched last; [`DEFAULT_SYSTEM_DIRS`] unless replaced (tests use temp dirs).
    pub system_dirs: Vec<PathBuf>,
}

impl JarLocator {
    /// A locator for `jdbc_jars_dir` (from computes.yml), `$DVT_JDBC_JARS` and the home directory
    /// of `env`, then [`DEFAULT_SYSTEM_DIRS`].
    pub fn new(jdbc_jars_dir: Option<&Path>, env: &dyn Environment) -> Self {
        let mut user_dirs = Vec::new();
        if let Some(d) = jdbc_jars_dir {
            user_dirs.push(d.to_path_buf());
        }
        if let Some(v) = env.var(JARS_ENV_VAR) {
            user_dirs.extend(std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()));
        }
        if let Some(home) = env.home_dir() {
            user_dirs.push(home.join(USER_JARS_DIR));
        }
        Self {
            user_dirs,
            system_dirs: DEFAULT_SYSTEM_DIRS.iter().map(PathBuf::from).collect(),
        }
    }

    /// Replace the system directories (e.g. with a temp dir in tests).
    pub fn with_system_dirs(mut self, dirs: impl IntoIterator<Item = PathBuf>) -> Self {
        self.system_dirs = dirs.into_iter().collect();
        self
    }

    /// Every directory searched, in order, without repeats.
    pub fn search_dirs(&self) -> Vec<&Path> {
        let mut out: Vec<&Path> = Vec::new();
        for d in self.user_dirs.iter().chain(&self.system_dirs) {
            if !out.contains(&d.as_path()) {
                out.push(d);
            }
        }
        out
    }

    /// The driver jar of an adapter: the first match in [`Self::search_dirs`] of its row's
    /// patterns, then of its fallback's.
    ///
    /// Errors: [`JdbcError::DriverMissing`] (DVT402) naming the patterns, the directories and the
    /// package or download; [`JdbcError::JarDirUnreadable`] (DVT403).
    pub fn locate(&self, adapter: DbKind) -> Result<PathBuf> {
        self.find(JdbcSpec::for_adapter(adapter)).map(|(_, p)| p)
    }

    /// The driver jars of several adapters, without repeats (two paths to one file count once),
    /// in the order of first use — ready for Spark's `--jars`.
    pub fn locate_all(&self, adapters: impl IntoIterator<Item = DbKind>) -> Result<Vec<PathBuf>> {
        let mut out: Vec<PathBuf> = Vec::new();
        let mut seen: Vec<PathBuf> = Vec::new();
        for a in adapters {
            let p = self.locate(a)?;
            let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
            if !seen.contains(&canon) {
                seen.push(canon);
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The JDBC target of an output together with its driver jar, choosing the row whose jar is
    /// installed (MySQL: Connector/J, else the MariaDB driver), so URL, driver class and jar agree.
    pub fn resolve(&self, conn: &Connection) -> Result<(JdbcTarget, PathBuf)> {
        let (spec, jar) = self.find(JdbcSpec::for_adapter(conn.adapter))?;
        Ok((spec.target(conn)?, jar))
    }

    fn find(&self, spec: &'static JdbcSpec) -> Result<(&'static JdbcSpec, PathBuf)> {
        let chain = spec.chain();
        let dirs = self.search_dirs();
        for s in &chain {
            for dir in &dirs {
                if let Some(p) = find_in_dir(dir, s.jar.patterns)? {
                    return Ok((s, p));
                }
            }
        }
        let hint = chain
            .iter()
            .map(|s| s.jar.hint())
            .collect::<Vec<_>>()
            .join(", or ");
        Err(JdbcError::DriverMissing {
            adapter: spec.adapter,
            patterns: chain
                .iter()
                .map(|s| s.jar.patterns_text())
                .collect::<Vec<_>>()
                .join(" or "),
            searched: dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            hint: capitalize(&hint),
        })
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The best jar in `dir` for the patterns (earlier pattern first, then newest-looking).
fn find_in_dir(dir: &Path, patterns: &[&str]) -> Result<Option<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        // A missing directory, or a file where a directory was expected, is just skipped.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || !dir.is_dir() => return Ok(None),
        Err(source) => {
            return Err(JdbcError::JarDirUnreadable {
                dir: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| JdbcError::JarDirUnreadable {
            dir: dir.to_path_buf(),
            source,
        })?;
        if let Some(name) = entry.file_name().to_str() {
            // `is_file` follows symbolic links; dangling links are skipped.
            if dir.join(name).is_file() {
                names.push(name.to_string());
            }
        }
    }
    for pat in patterns {
        let best = names
            .iter()
            .filter(|n| glob_match(pat, n))
            .max_by(|a, b| version_key(a).cmp(&version_key(b)).then_with(|| a.cmp(b)));
        if let Some(n) = best {
            return Ok(Some(dir.join(n)));
        }
    }
    Ok(None)
}

/// Whether `name` matches `pattern`: `*` is any text (empty too), `?` one character; ASCII
/// letters compare case-insensitively.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matcher with backtracking to the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The numbers in a file name, in order (`postgresql-42.7.3.jar` → `[42, 7, 3]`).
fn version_key(name: &str) -> Vec<u64> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or(u64::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob() {
        assert!(glob_match("postgresql*.jar", "postgresql.jar"));
        assert!(glob_match("postgresql*.jar", "postgresql-42.7.3.jar"));
        assert!(glob_match("postgresql*.jar", "PostgreSQL-42.jar"));
        assert!(!glob_match("postgresql*.jar", "postgresql-42.jar.sha1"));
        assert!(!glob_match("postgresql*.jar", "libpostgresql.jar"));
        assert!(glob_match(
            "hive-jdbc*standalone*.jar",
            "hive-jdbc-3.1.3-standalone.jar"
        ));
        assert!(!glob_match(
            "hive-jdbc*standalone*.jar",
            "hive-jdbc-3.1.3.jar"
        ));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
    }

    #[test]
    fn version_keys_order_numerically() {
        assert!(version_key("x-42.10.0.jar") > version_key("x-42.9.1.jar"));
        assert!(version_key("x-1.jar") > version_key("x.jar"));
    }
}
