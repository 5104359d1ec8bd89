//! `dvt-jdbc`: how dvt reaches each database over JDBC — URLs, driver classes, connection
//! properties and driver-jar discovery — for Spark's JDBC reader and writer.
//!
//! In the pipeline it serves the Spark executor (`dvt-spark`): every extract of a plan run on
//! Spark is a JDBC read of one output of the profile (a [`dvt_core::profiles::Connection`]),
//! and a model's rows are written back over JDBC where [`spark_write`] says Spark may do so
//! ([`SPARK_WRITES`]; elsewhere they come back to dvt's native load, DVT008). It opens no
//! connection and runs no Java: it computes strings and finds files.
//!
//! ```
//! use dvt_core::Secret;
//! use dvt_core::profiles::{DbKind, Connection};
//! use dvt_jdbc::jdbc_target;
//!
//! // `crm: {type: postgres, host: db.internal, user: alice, password: …, dbname: crm, sslmode: require}`
//! let mut crm = Connection::new("crm", DbKind::Postgres);
//! crm.host = Some("db.internal".into());
//! crm.user = Some("alice".into());
//! crm.password = Some(Secret::new("hunter2"));
//! crm.database = Some("crm".into());
//! crm.extra.insert("sslmode".into(), "require".into());
//!
//! let target = jdbc_target(&crm).unwrap();
//! assert_eq!(
//!     target.url,
//!     "jdbc:postgresql://db.internal:5432/crm?stringtype=unspecified&reWriteBatchedInserts=true&sslmode=require"
//! );
//! assert_eq!(target.driver_class, "org.postgresql.Driver");
//! assert_eq!(target.jar.debian_package, Some("libpostgresql-jdbc-java"));
//! // The password is a property: redacted wherever the target is shown…
//! let shown = format!("{target} {target:?}");
//! assert!(shown.contains("password=****") && !shown.contains("hunter2"), "{shown}");
//! // …and in plain text only in the options handed to Spark.
//! assert!(target.to_spark_options().contains(&("password".into(), "hunter2".into())));
//!
//! // A key the adapter's URL needs is DVT400, naming the output and the key.
//! crm.host = None;
//! let err = jdbc_target(&crm).unwrap_err();
//! assert_eq!(err.code(), "DVT400");
//! assert!(err.to_string().contains("output 'crm' (postgres) has no 'host'"), "{err}");
//! ```
//!
//! ## The table
//! Everything adapter-specific is one static row per adapter in [`JDBC_SPECS`] (a [`JdbcSpec`]):
//! URL template(s) with `{placeholder}`s and optional `[…]` parts, URL parameters, driver class,
//! default port, the profiles.yml keys that must be set, connection properties (credentials) and
//! the driver jar ([`JarSpec`]: file-name patterns, Debian package or download hint).
//! [`jdbc_target`] renders the row of an output's adapter into a [`JdbcTarget`]; there is no
//! per-adapter code outside the table.
//!
//! | adapter | URL | driver jar |
//! |---|---|---|
//! | postgres | `jdbc:postgresql://host:5432/db?stringtype=unspecified&reWriteBatchedInserts=true[&sslmode=…][&sslrootcert=…][&sslcert=…][&sslkey=…]` (`sslpassword` as a secret property) | `postgresql*.jar` (Debian `libpostgresql-jdbc-java`) |
//! | redshift | `jdbc:redshift://host:5439/db` | `redshift-jdbc42*.jar` |
//! | mysql | `jdbc:mysql://host:3306/db[?sslMode=…]`, else `jdbc:mariadb://…` with the MariaDB driver (and its TLS parameters) | `mysql-connector-j*.jar`, else `mariadb-java-client*.jar` |
//! | mariadb | `jdbc:mariadb://host:3306/db` + for `ssl_mode` required/verify_ca/verify_identity `useSsl=true[&serverSslCert=<ssl_ca>][&trustServerCertificate=true][&disableSslHostnameVerification=true]` (Connector/J 2.7 names; no opportunistic TLS, so `preferred` is plaintext there) | `mariadb-java-client*.jar` (Debian `libmariadb-java`) |
//! | sqlite | `jdbc:sqlite:/abs/path.db` | `sqlite-jdbc*.jar` (Debian `libxerial-sqlite-jdbc-java`) |
//! | snowflake | `jdbc:snowflake://account.snowflakecomputing.com/?db=…&schema=…&warehouse=…&role=…` or `jdbc:snowflake://host:port/?account=…` (`ssl=off` for `protocol: http`) | `snowflake-jdbc*.jar` |
//! | oracle | `jdbc:oracle:thin:@//host:1521/service` | `ojdbc*.jar` |
//! | sqlserver | `jdbc:sqlserver://host:1433;databaseName=db;encrypt=true;trustServerCertificate=false` | `mssql-jdbc*.jar` |
//! | databricks | `jdbc:databricks://host:443/default;transportMode=http;ssl=1;httpPath=…;AuthMech=3;UID=token` (token as `password`/`PWD` property) | `DatabricksJDBC42*.jar`, `databricks-jdbc*.jar` |
//! | trino | `jdbc:trino://host:8080/catalog/schema` | `trino-jdbc*.jar` |
//! | clickhouse | `jdbc:clickhouse://host:8123/db` | `clickhouse-jdbc*.jar` |
//! | bigquery | `jdbc:bigquery://https://www.googleapis.com/bigquery/v2:443;ProjectId=…;DefaultDataset=…;OAuthType=0;OAuthPvtKeyPath=…` | `GoogleBigQueryJDBC42*.jar` |
//! | duckdb | `jdbc:duckdb:/abs/path` | `duckdb_jdbc*.jar` |
//! | spark | `jdbc:hive2://host:10000/schema` (`;transportMode=http;httpPath=…` with `http_path`) | `hive-jdbc*standalone*.jar`, `hive-jdbc*.jar` |
//!
//! Values in URL paths and `?` parameters are percent-encoded; values of `;` parameters are
//! brace-quoted when they hold `;`, `=`, `{` or `}`; host names and file paths are checked
//! instead (file paths must be absolute).
//!
//! ## Secrets
//! A URL never holds a password or token: credentials are [`JdbcProperties`], whose `Debug` and
//! `Display` redact them, as do every error's messages. [`JdbcProperties::to_spark_options`]
//! (reached through [`JdbcTarget::to_spark_options`]) is the one place that exposes them.
//!
//! ## Driver jars
//! [`JarLocator`] searches, in order: `jdbc_jars_dir` from computes.yml, each directory of
//! `$DVT_JDBC_JARS`, `~/.dvt/jdbc_jars`, then the system directories (`/usr/share/java`). See
//! [`jars`] for the matching rules. A missing jar is [`JdbcError::DriverMissing`] (DVT402), whose
//! message names the patterns, the directories searched and the package or download to get it.
//!
//! ## Errors
//! [`JdbcError`], codes DVT400–DVT403 (DVT404–DVT409 reserved); see [`error`].

pub mod error;
pub mod jars;
pub mod properties;
pub mod spec;
pub mod target;
pub mod write;

pub use error::{JdbcError, Result};
pub use jars::{DEFAULT_SYSTEM_DIRS, JARS_ENV_VAR, JarLocator, USER_JARS_DIR};
pub use properties::JdbcProperties;
pub use spec::{JDBC_SPECS, JarSpec, JdbcSpec, Key, MYSQL_VIA_MARIADB};
pub use target::{JdbcTarget, jdbc_target};
pub use write::{SPARK_WRITES, SparkWrite, spark_write};
