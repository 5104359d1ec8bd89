//! The declarative table: one [`JdbcSpec`] row per adapter.
//!
//! A row says everything dvt knows about reaching an adapter over JDBC — URL template, URL
//! parameters, driver class, default port, required profiles.yml keys, connection properties and
//! the driver jar ([`JarSpec`]) — as data. The code that renders a row into a
//! [`JdbcTarget`](crate::JdbcTarget) ([`crate::target`]) and the code that finds the jar
//! ([`crate::jars`]) have no per-adapter branches.
//!
//! ## Templates
//! [`UrlForm::template`] is a string with placeholders `{host}`, `{port}`, `{user}`,
//! `{database}`, `{schema}`, `{account}`, `{warehouse}`, `{role}`, `{protocol}`, `{path}`,
//! `{http_path}` and `{project}` (the [`Key`]s). A part in `[` `]` is dropped when one of its
//! placeholders has no value. `{port}` falls back to [`JdbcSpec::default_port`]. Secrets
//! (`password`, `token`) are never placeholders: they only go into connection properties.
//!
//! ## MySQL
//! Debian ships no MySQL Connector/J, but its `libmariadb-java` (MariaDB Connector/J) talks to
//! MySQL servers too. The `mysql` row therefore has a [`JdbcSpec::fallback`]: the MariaDB driver
//! with a `jdbc:mariadb://` URL. [`crate::jdbc_target`] always uses the primary row (MySQL
//! Connector/J, `jdbc:mysql://`); [`JarLocator::resolve`](crate::JarLocator::resolve) and
//! [`JarLocator::locate`](crate::JarLocator::locate) use the first row of the chain whose jar is
//! found, so the URL, driver class and jar always agree.

use dvt_core::profiles::DbKind;

/// A non-secret or secret field of a [`Connection`](dvt_core::profiles::Connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// `host` (or `server`).
    Host,
    /// `port`, or the row's default port.
    Port,
    /// `user`.
    User,
    /// `password` — secret: only allowed in [`Source::Field`] of a property.
    Password,
    /// `database` / `dbname` / `catalog` / `service`.
    Database,
    /// `schema` / `dataset`.
    Schema,
    /// Snowflake `account`.
    Account,
    /// Snowflake `warehouse`.
    Warehouse,
    /// Snowflake `role`.
    Role,
    /// `protocol` / `http_scheme`.
    Protocol,
    /// Database file (SQLite, DuckDB) or BigQuery `keyfile`.
    Path,
    /// `token` — secret: only allowed in [`Source::Field`] of a property.
    Token,
    /// `http_path`.
    HttpPath,
    /// BigQuery `project`.
    Project,
}

impl Key {
    /// Every key.
    pub const ALL: [Key; 14] = [
        Key::Host,
        Key::Port,
        Key::User,
        Key::Password,
        Key::Database,
        Key::Schema,
        Key::Account,
        Key::Warehouse,
        Key::Role,
        Key::Protocol,
        Key::Path,
        Key::Token,
        Key::HttpPath,
        Key::Project,
    ];

    /// The placeholder name used in templates (`{host}`), also the usual profiles.yml key.
    pub fn name(self) -> &'static str {
        match self {
            Key::Host => "host",
            Key::Port => "port",
            Key::User => "user",
            Key::Password => "password",
            Key::Database => "database",
            Key::Schema => "schema",
            Key::Account => "account",
            Key::Warehouse => "warehouse",
            Key::Role => "role",
            Key::Protocol => "protocol",
            Key::Path => "path",
            Key::Token => "token",
            Key::HttpPath => "http_path",
            Key::Project => "project",
        }
    }

    /// The key whose placeholder name is `name`.
    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the field is a secret, which must never be placed in a URL.
    pub fn is_secret(self) -> bool {
        matches!(self, Key::Password | Key::Token)
    }
}

/// A condition on a connection, for optional URL forms and parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// Always true.
    Always,
    /// The field has a non-empty value.
    Has(Key),
    /// The field equals the text (ASCII case-insensitive).
    Eq(Key, &'static str),
    /// `extra[key]` equals the text (ASCII case-insensitive).
    ExtraEq(&'static str, &'static str),
    /// `extra[key]` is one of the texts (ASCII case-insensitive, `-` and `_` alike).
    ExtraIn(&'static str, &'static [&'static str]),
    /// `extra[key]` is not set.
    ExtraAbsent(&'static str),
    /// Every condition holds.
    All(&'static [Cond]),
}

/// One way of writing an adapter's URL, used when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlForm {
    /// When this form applies; the first form of a row whose condition holds is used.
    pub when: Cond,
    /// The template (see the module docs).
    pub template: &'static str,
}

/// How URL parameters are appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `?a=1&b=2`, values percent-encoded.
    Query,
    /// `;a=1;b=2`, values containing `;`, `=`, `{` or `}` wrapped in braces (`}` doubled).
    Semicolon,
}

/// Where a parameter or property value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A fixed text.
    Lit(&'static str),
    /// A connection field (left out when empty). Secret fields are allowed in properties only.
    Field(Key),
    /// `extra[key]` of the output (left out when absent).
    Extra(&'static str),
    /// `extra[key]` of the output, or the default.
    ExtraOr(&'static str, &'static str),
    /// `extra_secrets[key]` of the output (left out when absent); properties only.
    ExtraSecret(&'static str),
}

impl Source {
    /// Whether the value is a secret (allowed in properties only).
    pub fn is_secret(self) -> bool {
        match self {
            Source::Field(k) => k.is_secret(),
            Source::ExtraSecret(_) => true,
            _ => false,
        }
    }
}

/// A URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParam {
    /// The parameter name.
    pub name: &'static str,
    /// Its value.
    pub value: Source,
    /// When it is added.
    pub when: Cond,
}

/// A JDBC connection property (passed to the driver, not in the URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prop {
    /// The property name (`user`, `password`, `PWD`, …).
    pub name: &'static str,
    /// Its value.
    pub value: Source,
}

/// A profiles.yml key that must have a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required {
    /// The fields that satisfy it; any one suffices (Snowflake: `account` or `host`).
    pub any_of: &'static [Key],
    /// The profiles.yml key named in the error.
    pub yaml_key: &'static str,
    /// An example value for the error.
    pub example: &'static str,
}

/// The driver jar of an adapter and how to get it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JarSpec {
    /// File-name patterns (`*` = any text, ASCII case-insensitive), in order of preference.
    pub patterns: &'static [&'static str],
    /// The Debian package that installs the jar into `/usr/share/java`, if there is one.
    pub debian_package: Option<&'static str>,
    /// Where to download the jar (a clause, e.g. `download it from Maven Central (…)`).
    pub download: &'static str,
}

impl JarSpec {
    /// The patterns joined with ` or `, e.g. `postgresql*.jar`.
    pub fn patterns_text(&self) -> String {
        self.patterns.join(" or ")
    }

    /// How to get the jar, as a clause starting in lower case: the Debian package when there is
    /// one, else the download hint.
    pub fn hint(&self) -> String {
        match self.debian_package {
            Some(p) => format!("install the Debian package {p} (`apt-get install {p}`)"),
            None => self.download.to_string(),
        }
    }
}

/// Everything needed to reach one adapter over JDBC; see the module docs.
#[derive(Debug, PartialEq, Eq)]
pub struct JdbcSpec {
    /// The adapter.
    pub adapter: DbKind,
    /// URL forms; the first whose condition holds is used.
    pub urls: &'static [UrlForm],
    /// How parameters are appended.
    pub param_style: ParamStyle,
    /// URL parameters, in order (never secrets).
    pub params: &'static [UrlParam],
    /// The driver class.
    pub driver_class: &'static str,
    /// The default port (`{port}` when the output has none).
    pub default_port: Option<u16>,
    /// Keys that must be set.
    pub required: &'static [Required],
    /// Connection properties (credentials live here, never in the URL).
    pub properties: &'static [Prop],
    /// The driver jar.
    pub jar: JarSpec,
    /// Another row to use when this row's jar is not found (MySQL → MariaDB driver).
    pub fallback: Option<&'static JdbcSpec>,
    /// A statement every Spark JDBC session runs first: UTC as in the native connectors'
    /// sessions, and (MySQL/MariaDB) `ANSI_QUOTES`, since Spark quotes the columns it selects
    /// from a derived table with double quotes unless the URL is `jdbc:mysql:`.
    pub session_init: Option<&'static str>,
    /// Every column is read as text (or binary) and cast by Spark to the planned type: the
    /// driver types columns by their declared affinity, not their values (SQLite).
    pub text_columns: bool,
}

impl JdbcSpec {
    /// The primary row of an adapter.
    pub fn for_adapter(adapter: DbKind) -> &'static JdbcSpec {
        JDBC_SPECS
            .iter()
            .find(|s| s.adapter == adapter)
            .expect("every adapter has a JDBC row")
    }

    /// This row followed by its fallbacks.
    pub fn chain(&'static self) -> Vec<&'static JdbcSpec> {
        let mut out = vec![self];
        let mut cur = self;
        while let Some(next) = cur.fallback {
            out.push(next);
            cur = next;
        }
        out
    }
}

const fn p(name: &'static str, value: Source) -> UrlParam {
    UrlParam {
        name,
        value,
        when: Cond::Always,
    }
}

const fn p_if(name: &'static str, value: Source, when: Cond) -> UrlParam {
    UrlParam { name, value, when }
}

const fn req(any_of: &'static [Key], yaml_key: &'static str, example: &'static str) -> Required {
    Required {
        any_of,
        yaml_key,
        example,
    }
}

const fn url(template: &'static str) -> UrlForm {
    UrlForm {
        when: Cond::Always,
        template,
    }
}

use Key::*;
use Source::{Extra, ExtraOr, ExtraSecret, Field, Lit};

const HOST: Required = req(&[Host], "host", "db.example.com");
const USER: Required = req(&[User], "user", "analyst");
const USER_PASSWORD: &[Prop] = &[
    Prop {
        name: "user",
        value: Field(User),
    },
    Prop {
        name: "password",
        value: Field(Password),
    },
];

/// The ssl_mode values that encrypt for sure (`preferred`, the native connector's default, has no
/// counterpart in MariaDB Connector/J 2.7: without `useSsl` it connects in plaintext).
const MY_TLS: &[&str] = &["required", "verify_ca", "verify_identity"];

/// TLS of MariaDB Connector/J 2.7 (Debian 12's `libmariadb-java` 2.7.6; it has no `sslMode`,
/// which came with 3.0) from the MySQL adapter keys: `useSsl`, `serverSslCert` (the CA file,
/// PEM), `trustServerCertificate` (`required` without a CA: encrypted, not checked) and
/// `disableSslHostnameVerification` (`required`, `verify_ca`). Client certificates need a Java
/// keyStore there (`ssl_cert`/`ssl_key` PEM files are not passed).
const MARIADB_TLS: &[UrlParam] = &[
    p_if("useSsl", Lit("true"), Cond::ExtraIn("ssl_mode", MY_TLS)),
    p_if(
        "serverSslCert",
        Extra("ssl_ca"),
        Cond::ExtraIn("ssl_mode", MY_TLS),
    ),
    p_if(
        "trustServerCertificate",
        Lit("true"),
        Cond::All(&[
            Cond::ExtraIn("ssl_mode", &["required"]),
            Cond::ExtraAbsent("ssl_ca"),
        ]),
    ),
    p_if(
        "disableSslHostnameVerification",
        Lit("true"),
        Cond::ExtraIn("ssl_mode", &["required", "verify_ca"]),
    ),
];

/// PostgreSQL JDBC (pgjdbc) takes libpq's TLS keys: `sslmode`, `sslrootcert`, `sslcert`, `sslkey`
/// (pgjdbc wants the key as PKCS-8 DER or PKCS-12); `sslpassword` is a secret property.
const PG_PROPERTIES: &[Prop] = &[
    Prop {
        name: "user",
        value: Field(User),
    },
    Prop {
        name: "password",
        value: Field(Password),
    },
    Prop {
        name: "sslpassword",
        value: ExtraSecret("sslpassword"),
    },
];

const MARIADB_JAR: JarSpec = JarSpec {
    patterns: &["mariadb-java-client*.jar"],
    debian_package: Some("libmariadb-java"),
    download: "download it from Maven Central (org.mariadb.jdbc:mariadb-java-client)",
};

/// The session start of MySQL and MariaDB: double quotes read as identifiers, UTC.
const MYSQL_SESSION: &str =
    "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES'), time_zone = '+00:00'";

/// The `mysql` fallback: MariaDB Connector/J (Debian `libmariadb-java`) talking to MySQL.
#[rustfmt::skip]
pub static MYSQL_VIA_MARIADB: JdbcSpec = JdbcSpec {
    adapter: DbKind::MySql,
    urls: &[url("jdbc:mariadb://{host}:{port}/[{database}]")],
    param_style: ParamStyle::Query, params: MARIADB_TLS,
    driver_class: "org.mariadb.jdbc.Driver", default_port: Some(3306),
    required: &[HOST, USER], properties: USER_PASSWORD,
    jar: MARIADB_JAR, fallback: None,
    session_init: Some(MYSQL_SESSION), text_columns: false,
};

/// One row per adapter (the primary rows; see [`JdbcSpec::fallback`]).
#[rustfmt::skip]
pub static JDBC_SPECS: &[JdbcSpec] = &[
    JdbcSpec {
        adapter: DbKind::Postgres,
        urls: &[url("jdbc:postgresql://{host}:{port}/{database}")],
        param_style: ParamStyle::Query,
        params: &[p("stringtype", Lit("unspecified")), p("reWriteBatchedInserts", Lit("true")), p("sslmode", Extra("sslmode")),
                  p("sslrootcert", Extra("sslrootcert")), p("sslcert", Extra("sslcert")), p("sslkey", Extra("sslkey"))],
        driver_class: "org.postgresql.Driver", default_port: Some(5432),
        required: &[HOST, USER, req(&[Database], "dbname", "analytics")], properties: PG_PROPERTIES,
        jar: JarSpec { patterns: &["postgresql*.jar"], debian_package: Some("libpostgresql-jdbc-java"), download: "download it from Maven Central (org.postgresql:postgresql)" },
        fallback: None,
        session_init: Some("SET TIME ZONE 'UTC'"), text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Redshift,
        urls: &[url("jdbc:redshift://{host}:{port}/{database}")],
        param_style: ParamStyle::Query, params: &[p("sslmode", Extra("sslmode"))],
        driver_class: "com.amazon.redshift.jdbc42.Driver", default_port: Some(5439),
        required: &[HOST, USER, req(&[Database], "dbname", "analytics")], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["redshift-jdbc42*.jar"], debian_package: None, download: "download the Amazon Redshift JDBC 4.2 driver from Amazon (Maven Central com.amazon.redshift:redshift-jdbc42)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::MySql,
        urls: &[url("jdbc:mysql://{host}:{port}/[{database}]")],
        // MySQL Connector/J 8 reads `sslMode` (DISABLED … VERIFY_IDENTITY, any case); its CA
        // goes in a Java trustStore (a PEM ssl_ca is not passed).
        param_style: ParamStyle::Query, params: &[p("sslMode", Extra("ssl_mode"))],
        driver_class: "com.mysql.cj.jdbc.Driver", default_port: Some(3306),
        required: &[HOST, USER], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["mysql-connector-j*.jar"], debian_package: None, download: "download MySQL Connector/J from Maven Central (com.mysql:mysql-connector-j)" },
        fallback: Some(&MYSQL_VIA_MARIADB),
        session_init: Some(MYSQL_SESSION), text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::MariaDb,
        urls: &[url("jdbc:mariadb://{host}:{port}/[{database}]")],
        param_style: ParamStyle::Query, params: MARIADB_TLS,
        driver_class: "org.mariadb.jdbc.Driver", default_port: Some(3306),
        required: &[HOST, USER], properties: USER_PASSWORD,
        jar: MARIADB_JAR,
        fallback: None,
        session_init: Some(MYSQL_SESSION), text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Sqlite,
        urls: &[url("jdbc:sqlite:{path}")],
        param_style: ParamStyle::Query, params: &[],
        driver_class: "org.sqlite.JDBC", default_port: None,
        required: &[req(&[Path], "path", "/data/warehouse.db")], properties: &[],
        jar: JarSpec { patterns: &["sqlite-jdbc*.jar"], debian_package: Some("libxerial-sqlite-jdbc-java"), download: "download it from Maven Central (org.xerial:sqlite-jdbc)" },
        fallback: None,
        session_init: None, text_columns: true,
    },
    JdbcSpec {
        adapter: DbKind::Snowflake,
        urls: &[
            UrlForm { when: Cond::Has(Host), template: "jdbc:snowflake://{host}:{port}/" },
            url("jdbc:snowflake://{account}.snowflakecomputing.com/"),
        ],
        param_style: ParamStyle::Query,
        params: &[
            p_if("account", Field(Account), Cond::Has(Host)),
            p("db", Field(Database)), p("schema", Field(Schema)), p("warehouse", Field(Warehouse)), p("role", Field(Role)),
            p_if("ssl", Lit("off"), Cond::Eq(Protocol, "http")),
        ],
        driver_class: "net.snowflake.client.jdbc.SnowflakeDriver", default_port: Some(443),
        required: &[Required { any_of: &[Account, Host], yaml_key: "account", example: "xy12345.eu-west-1" }, USER],
        properties: &[
            Prop { name: "user", value: Field(User) },
            Prop { name: "password", value: Field(Password) },
            Prop { name: "authenticator", value: Extra("authenticator") },
            Prop { name: "private_key_file", value: ExtraSecret("private_key_path") },
            Prop { name: "private_key_file_pwd", value: ExtraSecret("private_key_passphrase") },
        ],
        jar: JarSpec { patterns: &["snowflake-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (net.snowflake:snowflake-jdbc)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Oracle,
        urls: &[url("jdbc:oracle:thin:@//{host}:{port}/{database}")],
        param_style: ParamStyle::Query, params: &[],
        driver_class: "oracle.jdbc.OracleDriver", default_port: Some(1521),
        required: &[HOST, USER, req(&[Database], "database", "ORCLPDB1")], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["ojdbc*.jar"], debian_package: None, download: "download it from Maven Central (com.oracle.database.jdbc:ojdbc11)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::SqlServer,
        urls: &[url("jdbc:sqlserver://{host}:{port}")],
        param_style: ParamStyle::Semicolon,
        params: &[p("databaseName", Field(Database)), p("encrypt", ExtraOr("encrypt", "true")), p("trustServerCertificate", ExtraOr("trust_cert", "false"))],
        driver_class: "com.microsoft.sqlserver.jdbc.SQLServerDriver", default_port: Some(1433),
        required: &[HOST, USER], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["mssql-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (com.microsoft.sqlserver:mssql-jdbc)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Databricks,
        urls: &[url("jdbc:databricks://{host}:{port}/default")],
        param_style: ParamStyle::Semicolon,
        params: &[
            p("transportMode", Lit("http")), p("ssl", Lit("1")), p("httpPath", Field(HttpPath)),
            p("AuthMech", Lit("3")), p("UID", Lit("token")),
            p("ConnCatalog", Field(Database)), p("ConnSchema", Field(Schema)),
        ],
        driver_class: "com.databricks.client.jdbc.Driver", default_port: Some(443),
        required: &[HOST, req(&[HttpPath], "http_path", "/sql/1.0/warehouses/abc123"), req(&[Token], "token", "\"{{ env_var('DATABRICKS_TOKEN') }}\"")],
        properties: &[
            Prop { name: "user", value: Lit("token") },
            Prop { name: "password", value: Field(Token) },
            Prop { name: "PWD", value: Field(Token) },
        ],
        jar: JarSpec { patterns: &["DatabricksJDBC42*.jar", "databricks-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (com.databricks:databricks-jdbc)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Trino,
        urls: &[url("jdbc:trino://{host}:{port}/{database}[/{schema}]")],
        param_style: ParamStyle::Query, params: &[p_if("SSL", Lit("true"), Cond::Eq(Protocol, "https"))],
        driver_class: "io.trino.jdbc.TrinoDriver", default_port: Some(8080),
        required: &[HOST, USER, req(&[Database], "database", "hive")], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["trino-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (io.trino:trino-jdbc)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::ClickHouse,
        urls: &[url("jdbc:clickhouse://{host}:{port}[/{schema}]")],
        param_style: ParamStyle::Query, params: &[p_if("ssl", Lit("true"), Cond::ExtraEq("secure", "true"))],
        driver_class: "com.clickhouse.jdbc.ClickHouseDriver", default_port: Some(8123),
        required: &[HOST], properties: USER_PASSWORD,
        jar: JarSpec { patterns: &["clickhouse-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (com.clickhouse:clickhouse-jdbc, the `all` jar)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::BigQuery,
        urls: &[url("jdbc:bigquery://https://www.googleapis.com/bigquery/v2:443")],
        param_style: ParamStyle::Semicolon,
        params: &[p("ProjectId", Field(Project)), p("DefaultDataset", Field(Schema)), p("OAuthType", Lit("0")), p("OAuthPvtKeyPath", Field(Path))],
        driver_class: "com.simba.googlebigquery.jdbc.Driver", default_port: None,
        required: &[req(&[Project], "project", "my-gcp-project"), req(&[Path], "keyfile", "/secrets/bigquery-sa.json")], properties: &[],
        jar: JarSpec { patterns: &["GoogleBigQueryJDBC42*.jar"], debian_package: None, download: "download the Simba BigQuery JDBC driver from Google Cloud (BigQuery ODBC and JDBC drivers page) and put all of its jars there" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::DuckDb,
        urls: &[url("jdbc:duckdb:{path}")],
        param_style: ParamStyle::Query, params: &[],
        driver_class: "org.duckdb.DuckDBDriver", default_port: None,
        required: &[req(&[Path], "path", "/data/warehouse.duckdb")], properties: &[],
        jar: JarSpec { patterns: &["duckdb_jdbc*.jar"], debian_package: None, download: "download it from Maven Central (org.duckdb:duckdb_jdbc)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
    JdbcSpec {
        adapter: DbKind::Spark,
        urls: &[url("jdbc:hive2://{host}:{port}/[{schema}]")],
        param_style: ParamStyle::Semicolon,
        params: &[p_if("transportMode", Lit("http"), Cond::Has(HttpPath)), p("httpPath", Field(HttpPath))],
        driver_class: "org.apache.hive.jdbc.HiveDriver", default_port: Some(10000),
        required: &[HOST],
        properties: &[Prop { name: "user", value: Field(User) }, Prop { name: "password", value: Field(Token) }],
        jar: JarSpec { patterns: &["hive-jdbc*standalone*.jar", "hive-jdbc*.jar"], debian_package: None, download: "download it from Maven Central (org.apache.hive:hive-jdbc, the `standalone` jar)" },
        fallback: None,
        session_init: None, text_columns: false,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_adapter_has_exactly_one_row_with_the_core_default_port() {
        for a in dvt_core::profiles::ADAPTERS {
            let rows: Vec<_> = JDBC_SPECS.iter().filter(|s| s.adapter == a.kind).collect();
            assert_eq!(rows.len(), 1, "{}", a.kind);
            assert_eq!(rows[0].default_port, a.default_port, "{}", a.kind);
        }
        assert_eq!(JDBC_SPECS.len(), dvt_core::profiles::ADAPTERS.len());
    }

    #[test]
    fn no_secret_is_ever_a_url_placeholder_or_parameter() {
        let all = JDBC_SPECS.iter().chain(std::iter::once(&MYSQL_VIA_MARIADB));
        for s in all {
            for u in s.urls {
                for k in Key::ALL.into_iter().filter(|k| k.is_secret()) {
                    assert!(
                        !u.template.contains(&format!("{{{}}}", k.name())),
                        "{:?}",
                        s.adapter
                    );
                }
            }
            for prm in s.params {
                assert!(!prm.value.is_secret(), "{:?} {}", s.adapter, prm.name);
            }
        }
    }

    #[test]
    fn templates_only_use_known_placeholders() {
        for s in JDBC_SPECS.iter() {
            for u in s.urls {
                let mut rest = u.template;
                while let Some(i) = rest.find('{') {
                    let j = rest[i..].find('}').expect("closed placeholder") + i;
                    assert!(Key::from_name(&rest[i + 1..j]).is_some(), "{}", u.template);
                    rest = &rest[j + 1..];
                }
            }
        }
    }

    #[test]
    fn mysql_chain_falls_back_to_mariadb_driver() {
        let chain = JdbcSpec::for_adapter(DbKind::MySql).chain();
        let drivers: Vec<_> = chain.iter().map(|s| s.driver_class).collect();
        assert_eq!(
            drivers,
            ["com.mysql.cj.jdbc.Driver", "org.mariadb.jdbc.Driver"]
        );
        assert_eq!(JdbcSpec::for_adapter(DbKind::Postgres).chain().len(), 1);
    }
}
