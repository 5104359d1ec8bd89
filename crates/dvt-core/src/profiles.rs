//! `profiles.yml`: profiles, targets and outputs (connections), looked up as dbt does.
//!
//! Every output of a profile is a [`Connection`] that sources and models can name. Keys are the
//! dbt adapters' own, with their aliases (see [`ADAPTERS`] for the list of types and
//! [`Connection::from_yaml`] for the keys each one takes).
//!
//! ## Where profiles.yml is found
//! As dbt does: `--profiles-dir`, then `$DBT_PROFILES_DIR`, then the project directory, then
//! `~/.dbt/`. The first directory that holds a `profiles.yml` wins.
//!
//! ## What "the same server" means
//! Federation is needed when data lives in two *places*. [`Connection::server_key`] defines a
//! place per adapter: PostgreSQL, Redshift and Oracle are a host, port and database (a query cannot
//! cross databases); MySQL/MariaDB, SQL Server, ClickHouse, Trino, Spark and Databricks are a host
//! and port (their databases/catalogs can be joined in one query); Snowflake is an account;
//! BigQuery is a project; SQLite and DuckDB are a database file. `localhost` and `127.0.0.1` are the
//! same host, and a missing port is the adapter's default port.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;
use serde_norway::Value as Y;

use crate::env::Environment;
use crate::error::{CoreError, Result};
use crate::jinja::{JinjaContext, read_yaml_rendered};
use crate::secret::Secret;

/// The kind of database an output is (its `type:` key): the workspace's one identity of a
/// database, re-exported from `dvt-types`.
pub use dvt_types::DbKind;

/// How the server (place) of an adapter is identified; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerIdentity {
    /// Host, port and database: databases cannot be joined in one query.
    HostPortDatabase,
    /// Host and port: every database of the server can be joined.
    HostPort,
    /// The Snowflake account.
    Account,
    /// The BigQuery project.
    Project,
    /// A database file.
    File,
}

/// The adapter row of a [`DbKind`] an output of `profiles.yml` may be: its default port and how
/// its server is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adapter {
    /// The kind of database.
    pub kind: DbKind,
    /// Family used when comparing servers: MySQL and MariaDB speak to the same servers.
    pub server_family: &'static str,
    /// The default port, if it is a network server with one.
    pub default_port: Option<u16>,
    /// How a "place" (server) is identified.
    pub identity: ServerIdentity,
    /// Tables live in schemas (`schema.table`). Without them (SQLite: one database file per
    /// schema, named in dbt-sqlite's `schemas_and_paths`) a table is addressed by its name.
    pub schemas: bool,
    /// The keys it takes; the dbt adapter's own spellings first, aliases after.
    keys: &'static [KeySpec],
}

impl Adapter {
    /// The adapter row of a kind, or `None` when no output may be of that kind (the embedded
    /// engine, DataFusion).
    pub fn of(kind: DbKind) -> Option<&'static Adapter> {
        ADAPTERS.iter().find(|a| a.kind == kind)
    }

    /// The kind an output's `type:` names (`postgres`, `postgresql`, `mssql`, …), or a message
    /// listing the supported types.
    pub fn parse(type_name: &str) -> std::result::Result<DbKind, String> {
        type_name
            .parse::<DbKind>()
            .ok()
            .filter(|k| Adapter::of(*k).is_some())
            .ok_or_else(|| {
                let names: Vec<&str> = ADAPTERS.iter().map(|a| a.kind.name()).collect();
                format!(
                    "unknown type '{type_name}'; supported types: {}",
                    names.join(", ")
                )
            })
    }

    /// The adapter row of an output's kind (every [`Connection`] is of a kind with a row).
    pub fn expect(kind: DbKind) -> &'static Adapter {
        Adapter::of(kind).expect("an output is of a kind with an adapter row")
    }
}

macro_rules! keys {
    ($($f:ident => [$($k:literal),+]),* $(,)?) => {
        &[$(KeySpec { field: Field::$f, keys: &[$($k),+] }),*]
    };
}

/// One row per adapter: default ports, how a server is identified and the keys it takes.
#[rustfmt::skip]
pub const ADAPTERS: &[Adapter] = &[
    Adapter { kind: DbKind::Postgres, server_family: "postgres", default_port: Some(5432), identity: ServerIdentity::HostPortDatabase, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user", "username"], Password => ["password", "pass"], Database => ["dbname", "database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::MySql, server_family: "mysql", default_port: Some(3306), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["server", "host"], Port => ["port"], User => ["username", "user"], Password => ["password", "pass"], Schema => ["schema", "database"]] },
    Adapter { kind: DbKind::MariaDb, server_family: "mysql", default_port: Some(3306), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["server", "host"], Port => ["port"], User => ["username", "user"], Password => ["password", "pass"], Schema => ["schema", "database"]] },
    Adapter { kind: DbKind::Sqlite, server_family: "sqlite", default_port: None, identity: ServerIdentity::File, schemas: false, keys: keys![Path => ["path", "database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::Snowflake, server_family: "snowflake", default_port: Some(443), identity: ServerIdentity::Account, schemas: true, keys: keys![Account => ["account"], User => ["user", "username"], Password => ["password"], Role => ["role"], Database => ["database"], Warehouse => ["warehouse"], Schema => ["schema"], Host => ["host"], Port => ["port"], Protocol => ["protocol"]] },
    Adapter { kind: DbKind::DuckDb, server_family: "duckdb", default_port: None, identity: ServerIdentity::File, schemas: true, keys: keys![Path => ["path", "database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::Spark, server_family: "spark", default_port: Some(10000), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user"], Token => ["token"], Schema => ["schema"], HttpPath => ["http_path"], Database => ["database"]] },
    Adapter { kind: DbKind::Redshift, server_family: "redshift", default_port: Some(5439), identity: ServerIdentity::HostPortDatabase, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user", "username"], Password => ["password", "pass"], Database => ["dbname", "database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::Oracle, server_family: "oracle", default_port: Some(1521), identity: ServerIdentity::HostPortDatabase, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user", "username"], Password => ["password"], Database => ["database", "service", "dbname"], Schema => ["schema"], Protocol => ["protocol"]] },
    Adapter { kind: DbKind::SqlServer, server_family: "sqlserver", default_port: Some(1433), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["server", "host"], Port => ["port"], User => ["user", "username", "UID"], Password => ["password", "PWD"], Database => ["database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::Databricks, server_family: "databricks", default_port: Some(443), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["host"], Port => ["port"], Token => ["token"], HttpPath => ["http_path"], Database => ["catalog", "database"], Schema => ["schema"]] },
    Adapter { kind: DbKind::Trino, server_family: "trino", default_port: Some(8080), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user"], Password => ["password"], Database => ["database", "catalog"], Schema => ["schema"], Protocol => ["http_scheme"]] },
    Adapter { kind: DbKind::ClickHouse, server_family: "clickhouse", default_port: Some(8123), identity: ServerIdentity::HostPort, schemas: true, keys: keys![Host => ["host"], Port => ["port"], User => ["user"], Password => ["password"], Schema => ["schema", "database"], Protocol => ["driver"]] },
    Adapter { kind: DbKind::BigQuery, server_family: "bigquery", default_port: None, identity: ServerIdentity::Project, schemas: true, keys: keys![Project => ["project", "database"], Schema => ["dataset", "schema"], Path => ["keyfile"]] },
];

/// One output of a profile: a named connection to a database.
///
/// `Debug` never shows a password or token (they are [`Secret`]s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connection {
    /// The output's name (what sources and `--target` refer to).
    pub name: String,
    /// The adapter type.
    pub adapter: DbKind,
    /// Host name (`host`, or `server` for mysql/sqlserver).
    pub host: Option<String>,
    /// Port.
    pub port: Option<u16>,
    /// User name (`user` / `username`).
    pub user: Option<String>,
    /// Password.
    pub password: Option<Secret>,
    /// Database (`dbname` / `database`; for mysql the `schema`; for trino the catalog).
    pub database: Option<String>,
    /// Schema (for mysql the same as `database`).
    pub schema: Option<String>,
    /// Snowflake account.
    pub account: Option<String>,
    /// Snowflake warehouse.
    pub warehouse: Option<String>,
    /// Snowflake role.
    pub role: Option<String>,
    /// Endpoint protocol (`http` / `https`), Snowflake and Trino.
    pub protocol: Option<String>,
    /// Database file of SQLite and DuckDB.
    pub path: Option<PathBuf>,
    /// Access token (Databricks, Spark).
    pub token: Option<Secret>,
    /// Databricks / Spark HTTP path.
    pub http_path: Option<String>,
    /// BigQuery project.
    pub project: Option<String>,
    /// Other settings, passed on to drivers as they are (secrets excluded).
    pub extra: BTreeMap<String, String>,
    /// Other settings whose name marks them as secret (`*password*`, `*token*`, `*secret*`,
    /// `private_key*`, `keyfile_json`).
    pub extra_secrets: BTreeMap<String, Secret>,
}

/// A key an adapter reads, and the spellings it accepts (first is canonical).
#[derive(Debug, PartialEq, Eq)]
struct KeySpec {
    field: Field,
    keys: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Host,
    Port,
    User,
    Password,
    Database,
    Schema,
    Account,
    Warehouse,
    Role,
    Protocol,
    Path,
    Token,
    HttpPath,
    Project,
}

/// Keys every output may carry that are not connection settings.
const IGNORED_KEYS: &[&str] = &["type", "threads"];

fn is_secret_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    k.contains("password")
        || k.contains("token")
        || k.contains("secret")
        || k.starts_with("private_key")
        || k == "keyfile_json"
        || k == "passphrase"
}

/// A YAML scalar as a string (numbers and booleans too).
pub(crate) fn scalar(v: &Y) -> Option<String> {
    match v {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Connection {
    /// An output of `adapter` named `name` with no settings yet (fill the fields you need).
    pub fn new(name: impl Into<String>, adapter: DbKind) -> Self {
        Self {
            name: name.into(),
            adapter,
            host: None,
            port: None,
            user: None,
            password: None,
            database: None,
            schema: None,
            account: None,
            warehouse: None,
            role: None,
            protocol: None,
            path: None,
            token: None,
            http_path: None,
            project: None,
            extra: BTreeMap::new(),
            extra_secrets: BTreeMap::new(),
        }
    }

    /// Parse one output. `file` is for messages; `base_dir` resolves relative file paths
    /// (SQLite/DuckDB) — dbt resolves them against the directory it runs in, which is the
    /// project directory.
    pub fn from_yaml(name: &str, value: &Y, file: &Path, base_dir: &Path) -> Result<Self> {
        let invalid = |message: String| CoreError::InvalidOutput {
            output: name.to_string(),
            file: file.to_path_buf(),
            message,
        };
        let map = value
            .as_mapping()
            .ok_or_else(|| invalid("an output must be a mapping of settings".into()))?;
        let type_str = map.get("type").and_then(scalar).ok_or_else(|| {
            invalid("the key 'type' is missing; add e.g. `type: postgres`".into())
        })?;
        let adapter = Adapter::parse(&type_str).map_err(invalid)?;
        let mut c = Connection::new(name, adapter);
        let table = Adapter::expect(adapter).keys;
        let mut used: Vec<&str> = IGNORED_KEYS.to_vec();
        for spec in table {
            let found = spec.keys.iter().find_map(|k| map.get(*k).map(|v| (*k, v)));
            let Some((key, v)) = found else { continue };
            used.extend(spec.keys.iter().copied());
            if v.is_null() {
                continue;
            }
            let s = scalar(v).ok_or_else(|| invalid(format!("'{key}' must be a single value")))?;
            match spec.field {
                Field::Host => c.host = Some(s),
                Field::Port => {
                    c.port = Some(s.trim().parse::<u16>().map_err(|_| {
                        invalid(format!(
                            "'{key}' must be a port number (1-65535), got '{s}'"
                        ))
                    })?)
                }
                Field::User => c.user = Some(s),
                Field::Password => c.password = Some(Secret::new(s)),
                Field::Database => c.database = Some(s),
                Field::Schema => c.schema = Some(s),
                Field::Account => c.account = Some(s),
                Field::Warehouse => c.warehouse = Some(s),
                Field::Role => c.role = Some(s),
                Field::Protocol => c.protocol = Some(s),
                Field::Path => c.path = Some(resolve_path(&s, base_dir)),
                Field::Token => c.token = Some(Secret::new(s)),
                Field::HttpPath => c.http_path = Some(s),
                Field::Project => c.project = Some(s),
            }
        }
        // dbt-sqlite: `schemas_and_paths: {main: file.db}` names the file of each schema.
        if !Adapter::expect(adapter).schemas && c.path.is_none() {
            if let Some(sp) = map.get("schemas_and_paths").and_then(Y::as_mapping) {
                let schema = c.schema.clone().unwrap_or_else(|| "main".into());
                let pick = sp
                    .get(schema.as_str())
                    .or_else(|| sp.get("main"))
                    .or_else(|| sp.values().next());
                if let Some(p) = pick.and_then(scalar) {
                    c.path = Some(resolve_path(&p, base_dir));
                }
            }
            used.push("schemas_and_paths");
            used.push("schema_directory");
        }
        // MySQL's "schema" is its database.
        if Adapter::expect(c.adapter).server_family == "mysql" {
            c.database = c.schema.clone();
        }
        for (k, v) in map {
            let Some(k) = k.as_str() else { continue };
            if used.contains(&k) {
                continue;
            }
            let Some(s) = scalar(v) else { continue };
            if is_secret_key(k) {
                c.extra_secrets.insert(k.to_string(), Secret::new(s));
            } else {
                c.extra.insert(k.to_string(), s);
            }
        }
        c.validate().map_err(invalid)?;
        Ok(c)
    }

    /// Check that the keys an adapter cannot work without are present.
    fn validate(&self) -> std::result::Result<(), String> {
        let need = |ok: bool, key: &str, example: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "the key '{key}' is required for type {}; add e.g. `{key}: {example}`",
                    self.adapter
                ))
            }
        };
        match Adapter::expect(self.adapter).identity {
            ServerIdentity::File => need(self.path.is_some(), "path", "/data/warehouse.db"),
            ServerIdentity::Account => need(self.account.is_some(), "account", "xy12345.eu-west-1"),
            ServerIdentity::Project => need(self.project.is_some(), "project", "my-gcp-project"),
            _ => need(self.host.is_some(), "host", "127.0.0.1"),
        }
    }

    /// The port, or the adapter's default.
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or(Adapter::expect(self.adapter).default_port)
    }

    /// The place this output points at; two outputs with equal keys are one server.
    pub fn server_key(&self) -> ServerKey {
        let host = self.host.as_deref().map(normalize_host).unwrap_or_default();
        let port = self.effective_port().unwrap_or(0);
        let (host, port, location) = match Adapter::expect(self.adapter).identity {
            ServerIdentity::HostPortDatabase => {
                (host, port, self.database.clone().unwrap_or_default())
            }
            ServerIdentity::HostPort => (host, port, String::new()),
            ServerIdentity::Account => (
                host,
                port,
                self.account
                    .clone()
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
            ),
            ServerIdentity::Project => (String::new(), 0, self.project.clone().unwrap_or_default()),
            ServerIdentity::File => (
                String::new(),
                0,
                self.path
                    .as_ref()
                    .map(|p| {
                        p.canonicalize()
                            .unwrap_or_else(|_| p.clone())
                            .display()
                            .to_string()
                    })
                    .unwrap_or_default(),
            ),
        };
        ServerKey {
            family: Adapter::expect(self.adapter).server_family.to_string(),
            host,
            port,
            location,
        }
    }

    /// Every secret of this connection (for redacting driver messages).
    pub fn secrets(&self) -> Vec<&Secret> {
        self.password
            .iter()
            .chain(self.token.iter())
            .chain(self.extra_secrets.values())
            .collect()
    }
}

fn normalize_host(h: &str) -> String {
    let h = h.trim().to_ascii_lowercase();
    match h.as_str() {
        "localhost" | "::1" | "[::1]" => "127.0.0.1".to_string(),
        _ => h,
    }
}

fn resolve_path(p: &str, base: &Path) -> PathBuf {
    let expanded = if let Some(rest) = p.strip_prefix("~/") {
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(p))
    } else {
        PathBuf::from(p)
    };
    if expanded.is_absolute() || p == ":memory:" {
        expanded
    } else {
        base.join(expanded)
    }
}

/// The identity of a server (place): see [`Connection::server_key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ServerKey {
    /// Adapter family (`mysql` for MySQL and MariaDB).
    pub family: String,
    /// Normalized host (empty for file databases and BigQuery).
    pub host: String,
    /// Port (the default port when not given; 0 when not applicable).
    pub port: u16,
    /// Database, account, project or file, as the adapter's identity says.
    pub location: String,
}

impl fmt::Display for ServerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.family)?;
        if !self.host.is_empty() {
            write!(f, "{}:{}", self.host, self.port)?;
        }
        if !self.location.is_empty() {
            write!(f, "/{}", self.location)?;
        }
        Ok(())
    }
}

/// One profile: its default target and its outputs.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// The default target (`target:`).
    pub target: String,
    /// The outputs, in file order.
    pub outputs: IndexMap<String, Connection>,
    /// The file it came from.
    pub file: PathBuf,
}

impl Profile {
    /// An output by name, or a DVT110 error naming `what` uses it.
    pub fn output(&self, name: &str, what: &str) -> Result<&Connection> {
        self.outputs
            .get(name)
            .ok_or_else(|| CoreError::UnknownConnection {
                what: what.to_string(),
                connection: name.to_string(),
                profile: self.name.clone(),
                available: self.output_names(),
            })
    }

    /// The output names, comma separated.
    pub fn output_names(&self) -> String {
        self.outputs.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// Find `profiles.yml` as dbt does; see the module docs.
pub fn find_profiles_file(
    profiles_dir: Option<&Path>,
    project_dir: &Path,
    env: &dyn Environment,
) -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(d) = profiles_dir {
        // An explicit --profiles-dir is the only place looked at, as in dbt.
        candidates.push(d.to_path_buf());
    } else {
        if let Some(d) = env.var("DBT_PROFILES_DIR").filter(|d| !d.is_empty()) {
            candidates.push(PathBuf::from(d));
        }
        candidates.push(project_dir.to_path_buf());
        if let Some(h) = env.home_dir() {
            candidates.push(h.join(".dbt"));
        }
    }
    for d in &candidates {
        let f = d.join("profiles.yml");
        if f.is_file() {
            return Ok(f);
        }
    }
    Err(CoreError::ProfilesNotFound {
        searched: candidates
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The outputs of one profile, each parsed on its own (so `dvt debug` can report every bad
/// output, not only the first), and the profile's `target:`.
#[derive(Debug)]
pub struct ProfileOutputs {
    /// The profile's `target:`, if given.
    pub default_target: Option<String>,
    /// Every output, parsed or with its error.
    pub outputs: IndexMap<String, Result<Connection>>,
}

/// Read one profile's outputs from a profiles file, without failing on a bad output.
pub fn read_profile_outputs(
    file: &Path,
    profile_name: &str,
    ctx: &JinjaContext,
    base_dir: &Path,
) -> Result<ProfileOutputs> {
    let doc = read_yaml_rendered(file, ctx)?;
    let root = doc.as_mapping().ok_or_else(|| CoreError::Parse {
        file: file.to_path_buf(),
        message: "profiles.yml must be a mapping of profile names".into(),
    })?;
    let p = root
        .get(profile_name)
        .ok_or_else(|| CoreError::ProfileMissing {
            what: format!("profile '{profile_name}' (named by dbt_project.yml)"),
            file: file.to_path_buf(),
            available: root
                .keys()
                .filter_map(Y::as_str)
                .filter(|k| *k != "config")
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let outputs_y = p
        .get("outputs")
        .and_then(Y::as_mapping)
        .ok_or_else(|| CoreError::Parse {
            file: file.to_path_buf(),
            message: format!("profile '{profile_name}' has no `outputs:` mapping"),
        })?;
    let outputs = outputs_y
        .iter()
        .map(|(k, v)| {
            let name = scalar(k).unwrap_or_default();
            let c = Connection::from_yaml(&name, v, file, base_dir);
            (name, c)
        })
        .collect();
    Ok(ProfileOutputs {
        default_target: p.get("target").and_then(scalar),
        outputs,
    })
}

/// Load one profile from a profiles file. `target` overrides the profile's default target (it
/// must be one of its outputs). `base_dir` resolves relative database file paths. The first
/// invalid output is an error.
pub fn load_profile(
    file: &Path,
    profile_name: &str,
    target: Option<&str>,
    ctx: &JinjaContext,
    base_dir: &Path,
) -> Result<Profile> {
    let read = read_profile_outputs(file, profile_name, ctx, base_dir)?;
    let mut outputs = IndexMap::new();
    for (name, c) in read.outputs {
        outputs.insert(name, c?);
    }
    let target = match (target, read.default_target) {
        (Some(t), _) => t.to_string(),
        (None, Some(t)) => t,
        (None, None) if outputs.len() == 1 => outputs.keys().next().cloned().unwrap_or_default(),
        (None, None) => {
            return Err(CoreError::Parse {
                file: file.to_path_buf(),
                message: format!(
                    "profile '{profile_name}' has no `target:`; name its default output"
                ),
            });
        }
    };
    let profile = Profile {
        name: profile_name.to_string(),
        target,
        outputs,
        file: file.to_path_buf(),
    };
    if !profile.outputs.contains_key(&profile.target) {
        return Err(CoreError::ProfileMissing {
            what: format!("target '{}' of profile '{profile_name}'", profile.target),
            file: file.to_path_buf(),
            available: profile.output_names(),
        });
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;
    use std::sync::Arc;

    fn parse(yaml: &str) -> Result<Connection> {
        let v: Y = serde_norway::from_str(yaml).unwrap();
        Connection::from_yaml("out", &v, Path::new("profiles.yml"), Path::new("/proj"))
    }

    #[test]
    fn postgres_dbname_and_database_both_work() {
        let a = parse(
            "type: postgres\nhost: h\nport: 5433\nuser: u\npassword: p\ndbname: d\nschema: s",
        )
        .unwrap();
        let b = parse(
            "type: postgres\nhost: h\nport: '5433'\nuser: u\npassword: p\ndatabase: d\nschema: s",
        )
        .unwrap();
        assert_eq!(a.database.as_deref(), Some("d"));
        assert_eq!(a, b);
        assert_eq!(a.port, Some(5433));
    }

    #[test]
    fn mysql_keys_and_aliases() {
        let a = parse("type: mysql\nserver: h\nport: 3307\nusername: u\npassword: p\nschema: shop")
            .unwrap();
        let b = parse("type: mariadb\nhost: h\nport: 3307\nuser: u\npassword: p\ndatabase: shop")
            .unwrap();
        for c in [&a, &b] {
            assert_eq!(c.host.as_deref(), Some("h"));
            assert_eq!(c.user.as_deref(), Some("u"));
            assert_eq!(c.schema.as_deref(), Some("shop"));
            assert_eq!(c.database.as_deref(), Some("shop"));
        }
        // MySQL and MariaDB outputs naming the same server are one place.
        assert_eq!(a.server_key(), b.server_key());
    }

    #[test]
    fn snowflake_keys() {
        let c = parse("type: snowflake\naccount: AB123\nuser: u\npassword: p\nrole: r\ndatabase: D\nwarehouse: W\nschema: S\nhost: 127.0.0.1\nport: 8085\nprotocol: http").unwrap();
        assert_eq!(c.account.as_deref(), Some("AB123"));
        assert_eq!(c.warehouse.as_deref(), Some("W"));
        assert_eq!(c.role.as_deref(), Some("r"));
        assert_eq!(c.protocol.as_deref(), Some("http"));
        assert_eq!(c.port, Some(8085));
        assert_eq!(c.server_key().location, "ab123");
    }

    #[test]
    fn sqlite_path_and_schemas_and_paths() {
        let a = parse("type: sqlite\npath: data/a.db").unwrap();
        assert_eq!(a.path, Some(PathBuf::from("/proj/data/a.db")));
        let b = parse(
            "type: sqlite\nschema: main\nschemas_and_paths:\n  main: /x/b.db\nschema_directory: /x",
        )
        .unwrap();
        assert_eq!(b.path, Some(PathBuf::from("/x/b.db")));
        assert!(b.extra.is_empty(), "{:?}", b.extra);
        let d = parse("type: duckdb\npath: /x/w.duckdb").unwrap();
        assert_eq!(d.path, Some(PathBuf::from("/x/w.duckdb")));
    }

    #[test]
    fn every_adapter_has_one_row_and_parses_by_its_names() {
        for a in ADAPTERS {
            assert_eq!(Adapter::of(a.kind), Some(a), "{} has two rows", a.kind);
            assert_eq!(Adapter::parse(a.kind.name()), Ok(a.kind));
        }
        assert_eq!(Adapter::parse("PostgreSQL"), Ok(DbKind::Postgres));
        assert_eq!(Adapter::parse("mssql"), Ok(DbKind::SqlServer));
        let e = Adapter::parse("datafusion").unwrap_err();
        assert!(e.starts_with("unknown type 'datafusion'; supported types: postgres, mysql"));
    }

    #[test]
    fn every_seed_type_parses() {
        for (t, extra) in [
            ("redshift", "host: h\ndbname: d"),
            ("oracle", "host: h\nservice: ORCL"),
            ("sqlserver", "server: h\ndatabase: d"),
            ("databricks", "host: h\nhttp_path: /sql/1\ntoken: t"),
            ("trino", "host: h\ndatabase: hive"),
            ("clickhouse", "host: h"),
            ("bigquery", "project: p\ndataset: d"),
            ("spark", "host: h\nmethod: thrift"),
        ] {
            let c = parse(&format!("type: {t}\n{extra}")).unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(c.adapter.name(), t);
        }
    }

    #[test]
    fn unknown_type_and_missing_keys_are_coded_errors() {
        let e = parse("type: nosuchdb\nhost: h").unwrap_err();
        assert_eq!(e.code(), "DVT106");
        assert!(e.to_string().contains("unknown type 'nosuchdb'"), "{e}");
        let e = parse("type: postgres\nuser: u").unwrap_err();
        assert!(e.to_string().contains("'host' is required"), "{e}");
        let e = parse("type: postgres\nhost: h\nport: abc").unwrap_err();
        assert!(e.to_string().contains("port number"), "{e}");
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let c = parse(
            "type: databricks\nhost: h\ntoken: tok-123\nclient_secret: cs-456\npassword_x: pw-789",
        )
        .unwrap();
        let dbg = format!("{c:?}");
        for s in ["tok-123", "cs-456", "pw-789"] {
            assert!(!dbg.contains(s), "{dbg}");
        }
        assert_eq!(c.secrets().len(), 3);
    }

    #[test]
    fn server_identity_rules() {
        let a = parse("type: postgres\nhost: localhost\ndbname: d").unwrap();
        let b =
            parse("type: postgres\nhost: 127.0.0.1\nport: 5432\ndbname: d\nuser: other").unwrap();
        let c = parse("type: postgres\nhost: 127.0.0.1\ndbname: e").unwrap();
        let d = parse("type: postgres\nhost: 10.0.0.2\ndbname: d").unwrap();
        assert_eq!(a.server_key(), b.server_key());
        assert_ne!(
            a.server_key(),
            c.server_key(),
            "different database is another place"
        );
        assert_ne!(
            a.server_key(),
            d.server_key(),
            "different host is another place"
        );
        let r = parse("type: redshift\nhost: 127.0.0.1\nport: 5432\ndbname: d").unwrap();
        assert_ne!(a.server_key(), r.server_key(), "different adapter family");
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn profiles_lookup_order() {
        let tmp = tempfile::tempdir().unwrap();
        let proj = tmp.path().join("proj");
        let envdir = tmp.path().join("envdir");
        let home = tmp.path().join("home");
        let explicit = tmp.path().join("explicit");
        for d in [&proj, &envdir, &home.join(".dbt"), &explicit] {
            write(d, "profiles.yml", "x: {}");
        }
        let env = MapEnv::new([("DBT_PROFILES_DIR", envdir.to_str().unwrap())]).with_home(&home);
        let found = |pd: Option<&Path>, env: &MapEnv| find_profiles_file(pd, &proj, env).unwrap();
        assert_eq!(found(Some(&explicit), &env), explicit.join("profiles.yml"));
        assert_eq!(found(None, &env), envdir.join("profiles.yml"));
        let env2 = MapEnv::default().with_home(&home);
        assert_eq!(found(None, &env2), proj.join("profiles.yml"));
        std::fs::remove_file(proj.join("profiles.yml")).unwrap();
        assert_eq!(found(None, &env2), home.join(".dbt/profiles.yml"));
        std::fs::remove_file(home.join(".dbt/profiles.yml")).unwrap();
        let e = find_profiles_file(None, &proj, &env2).unwrap_err();
        assert_eq!(e.code(), "DVT104");
    }

    #[test]
    fn load_profile_renders_env_var_and_picks_target() {
        let tmp = tempfile::tempdir().unwrap();
        let f = write(
            tmp.path(),
            "profiles.yml",
            "config:\n  send_anonymous_usage_stats: false\nshop:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: \"{{ env_var('PGHOST', 'localhost') }}\"\n      port: \"{{ env_var('PGPORT') | int }}\"\n      user: u\n      password: \"{{ env_var('PGPASSWORD') }}\"\n      dbname: shop\n    lite:\n      type: sqlite\n      path: lite.db\n",
        );
        let ctx = JinjaContext::new(Arc::new(MapEnv::new([
            ("PGPORT", "6543"),
            ("PGPASSWORD", "s3cret"),
        ])));
        let p = load_profile(&f, "shop", None, &ctx, tmp.path()).unwrap();
        assert_eq!(p.target, "pg");
        let pg = &p.outputs["pg"];
        assert_eq!(pg.host.as_deref(), Some("localhost"));
        assert_eq!(pg.port, Some(6543));
        assert_eq!(pg.password.as_ref().unwrap().expose(), "s3cret");
        assert!(!format!("{p:?}").contains("s3cret"));
        let p2 = load_profile(&f, "shop", Some("lite"), &ctx, tmp.path()).unwrap();
        assert_eq!(p2.target, "lite");
        let e = load_profile(&f, "shop", Some("nope"), &ctx, tmp.path()).unwrap_err();
        assert_eq!(e.code(), "DVT105");
        assert!(e.to_string().contains("pg, lite"), "{e}");
        let e = load_profile(&f, "other", None, &ctx, tmp.path()).unwrap_err();
        assert!(
            e.to_string().contains("available") || e.to_string().contains("shop"),
            "{e}"
        );
        let ctx_missing = JinjaContext::new(Arc::new(MapEnv::default()));
        let e = load_profile(&f, "shop", None, &ctx_missing, tmp.path()).unwrap_err();
        assert_eq!(e.code(), "DVT103");
    }
}
