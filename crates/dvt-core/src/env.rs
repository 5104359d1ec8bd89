//! Where environment variables and the home directory come from.
//!
//! Everything in dvt that reads the process environment (`env_var()` in Jinja, `$DBT_PROFILES_DIR`,
//! `~/.dbt/`) goes through [`Environment`], so tests and embedding tools can supply their own
//! without mutating the process environment.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A source of environment variables and of the user's home directory.
pub trait Environment: Send + Sync + std::fmt::Debug {
    /// The value of an environment variable, if set.
    fn var(&self, name: &str) -> Option<String>;
    /// The user's home directory, if known.
    fn home_dir(&self) -> Option<PathBuf>;
}

/// The real process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Environment for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn home_dir(&self) -> Option<PathBuf> {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }
}

/// A fixed environment, for tests and for tools that pass variables explicitly.
///
/// Its `Debug` shows variable names only: environment values are often secrets.
#[derive(Clone, Default)]
pub struct MapEnv {
    /// The variables.
    pub vars: BTreeMap<String, String>,
    /// The home directory.
    pub home: Option<PathBuf>,
}

impl MapEnv {
    /// An environment with the given variables and no home directory.
    pub fn new<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Self {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            home: None,
        }
    }

    /// Set the home directory.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }
}

impl std::fmt::Debug for MapEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapEnv")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .field("home", &self.home)
            .finish()
    }
}

impl Environment for MapEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn home_dir(&self) -> Option<PathBuf> {
        self.home.clone()
    }
}

/// A shared environment handle.
pub type SharedEnv = Arc<dyn Environment>;

/// The process environment as a shared handle.
pub fn process_env() -> SharedEnv {
    Arc::new(ProcessEnv)
}
