//! Driver-jar discovery with temp dirs and a `MapEnv` (the process env is never touched).

use std::fs;
use std::path::{Path, PathBuf};

use dvt_core::env::MapEnv;
use dvt_core::profiles::{Connection, DbKind};
use dvt_jdbc::{JarLocator, JdbcError};
use tempfile::TempDir;

fn touch(dir: &Path, name: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    fs::write(&p, b"PK").unwrap();
    p
}

/// A locator whose only directories are the ones given, with `sys` as the system dir.
struct Fixture {
    tmp: TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self {
            tmp: tempfile::tempdir().unwrap(),
        }
    }
    fn dir(&self, name: &str) -> PathBuf {
        let d = self.tmp.path().join(name);
        fs::create_dir_all(&d).unwrap();
        d
    }
    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }
    fn user_jars(&self) -> PathBuf {
        self.home().join(".dvt/jdbc_jars")
    }
    fn locator(&self, configured: Option<&Path>, env_var: Option<&str>) -> JarLocator {
        let vars: Vec<(&str, &str)> = env_var.map(|v| ("DVT_JDBC_JARS", v)).into_iter().collect();
        let env = MapEnv::new(vars).with_home(self.home());
        JarLocator::new(configured, &env).with_system_dirs([self.dir("sys")])
    }
}

#[test]
fn search_order_is_configured_env_home_system() {
    let f = Fixture::new();
    let (conf, e1, e2) = (f.dir("conf"), f.dir("e1"), f.dir("e2"));
    let env = format!("{}:{}", e1.display(), e2.display());
    let loc = f.locator(Some(&conf), Some(&env));
    let home = f.user_jars();
    let sys = f.dir("sys");
    assert_eq!(
        loc.search_dirs(),
        vec![conf.as_path(), &e1, &e2, &home, &sys]
    );
    assert_eq!(
        JarLocator::new(None, &MapEnv::default()).search_dirs(),
        vec![Path::new("/usr/share/java")]
    );
}

#[test]
fn earlier_directory_wins() {
    let f = Fixture::new();
    let (conf, e1, e2) = (f.dir("conf"), f.dir("e1"), f.dir("e2"));
    let env = format!("{}:{}", e1.display(), e2.display());
    let sys_jar = touch(&f.dir("sys"), "postgresql-42.7.9.jar");
    let loc = f.locator(Some(&conf), Some(&env));
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), sys_jar);
    let home_jar = touch(&f.user_jars(), "postgresql-42.1.0.jar");
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), home_jar);
    let e2_jar = touch(&e2, "postgresql-40.jar");
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), e2_jar);
    let e1_jar = touch(&e1, "postgresql-41.jar");
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), e1_jar);
    let conf_jar = touch(&conf, "postgresql.jar");
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), conf_jar);
}

#[test]
fn env_var_only_directories_are_searched() {
    let f = Fixture::new();
    let only = f.dir("only");
    let jar = touch(&only, "trino-jdbc-450.jar");
    let loc = f.locator(None, Some(&format!("{}:", only.display())));
    assert_eq!(loc.locate(DbKind::Trino).unwrap(), jar);
    // without the variable the jar is not found
    let loc = f.locator(None, None);
    assert_eq!(loc.locate(DbKind::Trino).unwrap_err().code(), "DVT402");
}

#[cfg(unix)]
#[test]
fn debian_symlink_and_versioned_jar_both_match_newest_wins() {
    let f = Fixture::new();
    let sys = f.dir("sys");
    let old = touch(&sys, "postgresql-42.5.4.jar");
    let new = touch(&sys, "postgresql-42.10.1.jar");
    std::os::unix::fs::symlink(&old, sys.join("postgresql.jar")).unwrap();
    touch(&sys, "postgresql-42.99.jar.sha1"); // not a jar
    let loc = f.locator(None, None);
    assert_eq!(loc.locate(DbKind::Postgres).unwrap(), new);
    // only the symlink left (the Debian layout with the versioned jar elsewhere)
    let real = f.dir("real");
    let target = touch(&real, "postgresql-42.6.0.jar");
    fs::remove_file(&old).unwrap();
    fs::remove_file(&new).unwrap();
    fs::remove_file(sys.join("postgresql.jar")).unwrap();
    std::os::unix::fs::symlink(&target, sys.join("postgresql.jar")).unwrap();
    assert_eq!(
        loc.locate(DbKind::Postgres).unwrap(),
        sys.join("postgresql.jar")
    );
    // a dangling symlink is no jar
    fs::remove_file(&target).unwrap();
    assert_eq!(loc.locate(DbKind::Postgres).unwrap_err().code(), "DVT402");
}

#[test]
fn earlier_pattern_wins_within_a_directory() {
    let f = Fixture::new();
    let sys = f.dir("sys");
    touch(&sys, "hive-jdbc-4.0.0.jar");
    let standalone = touch(&sys, "hive-jdbc-3.1.3-standalone.jar");
    let loc = f.locator(None, None);
    assert_eq!(loc.locate(DbKind::Spark).unwrap(), standalone);
}

#[test]
fn missing_jar_error_names_pattern_dirs_and_package() {
    let f = Fixture::new();
    let conf = f.dir("conf");
    let loc = f.locator(Some(&conf), Some("/nonexistent/a:/nonexistent/b"));
    let e = loc.locate(DbKind::Postgres).unwrap_err();
    assert!(matches!(e, JdbcError::DriverMissing { .. }));
    let m = e.to_string();
    let sys = f.dir("sys");
    let expected = format!(
        "DVT402: JDBC driver for postgres is missing: no postgresql*.jar in {}, /nonexistent/a, /nonexistent/b, {}, {}. Install the Debian package libpostgresql-jdbc-java (`apt-get install libpostgresql-jdbc-java`), or put the jar into ~/.dvt/jdbc_jars, or set jdbc_jars_dir in computes.yml (or the DVT_JDBC_JARS environment variable) to the directory that holds it",
        conf.display(),
        f.user_jars().display(),
        sys.display()
    );
    assert_eq!(m, expected);
    // no Debian package: the download hint
    let m = loc.locate(DbKind::Snowflake).unwrap_err().to_string();
    assert!(m.contains("no snowflake-jdbc*.jar in"), "{m}");
    assert!(
        m.contains("Download it from Maven Central (net.snowflake:snowflake-jdbc)"),
        "{m}"
    );
    assert!(!m.contains("apt-get"), "{m}");
    // MySQL: both drivers named, with the Debian package of the MariaDB one
    let m = loc.locate(DbKind::MySql).unwrap_err().to_string();
    assert!(
        m.contains("no mysql-connector-j*.jar or mariadb-java-client*.jar in"),
        "{m}"
    );
    assert!(m.contains("apt-get install libmariadb-java"), "{m}");
    assert!(m.contains("com.mysql:mysql-connector-j"), "{m}");
}

fn mysql_conn() -> Connection {
    let v: serde_norway::Value = serde_norway::from_str(
        "{type: mysql, host: h, user: root, password: pw-SECRET-1, schema: shop}",
    )
    .unwrap();
    Connection::from_yaml("my", &v, Path::new("profiles.yml"), Path::new("/p")).unwrap()
}

#[test]
fn mysql_falls_back_to_the_mariadb_driver() {
    let f = Fixture::new();
    let sys = f.dir("sys");
    let maria = touch(&sys, "mariadb-java-client.jar");
    let loc = f.locator(None, None);
    let (t, jar) = loc.resolve(&mysql_conn()).unwrap();
    assert_eq!(jar, maria);
    assert_eq!(t.url, "jdbc:mariadb://h:3306/shop");
    assert_eq!(t.driver_class, "org.mariadb.jdbc.Driver");
    assert_eq!(loc.locate(DbKind::MySql).unwrap(), maria);
    // Connector/J anywhere beats the MariaDB driver, even in a later directory
    let cj = touch(&sys, "mysql-connector-j-9.1.0.jar");
    let conf = f.dir("conf");
    touch(&conf, "mariadb-java-client-3.5.jar");
    let loc = f.locator(Some(&conf), None);
    let (t, jar) = loc.resolve(&mysql_conn()).unwrap();
    assert_eq!(jar, cj);
    assert_eq!(t.url, "jdbc:mysql://h:3306/shop");
    assert_eq!(t.driver_class, "com.mysql.cj.jdbc.Driver");
    assert!(!format!("{t} {t:?}").contains("pw-SECRET-1"));
}

#[test]
fn locate_all_deduplicates() {
    let f = Fixture::new();
    let sys = f.dir("sys");
    let pg = touch(&sys, "postgresql-42.7.3.jar");
    let maria = touch(&sys, "mariadb-java-client-3.4.1.jar");
    let lite = touch(&sys, "sqlite-jdbc-3.46.jar");
    let loc = f.locator(None, None);
    let all = loc
        .locate_all([
            DbKind::Postgres,
            DbKind::MariaDb,
            DbKind::MySql, // falls back to the same MariaDB jar
            DbKind::Postgres,
            DbKind::Sqlite,
        ])
        .unwrap();
    assert_eq!(all, vec![pg, maria, lite]);
    let e = loc
        .locate_all([DbKind::Postgres, DbKind::Oracle])
        .unwrap_err();
    assert!(e.to_string().contains("no ojdbc*.jar"), "{e}");
}

#[cfg(unix)]
#[test]
fn locate_all_counts_a_symlink_and_its_target_once() {
    let f = Fixture::new();
    let conf = f.dir("conf");
    let sys = f.dir("sys");
    let real = touch(&sys, "mariadb-java-client-3.4.1.jar");
    std::os::unix::fs::symlink(&real, conf.join("mysql-connector-j.jar")).unwrap();
    let loc = f.locator(Some(&conf), None);
    // mysql finds the (odd) link in conf, mariadb the real file in sys: one file
    let all = loc.locate_all([DbKind::MySql, DbKind::MariaDb]).unwrap();
    assert_eq!(all, vec![conf.join("mysql-connector-j.jar")]);
}

#[test]
fn file_in_place_of_a_directory_is_skipped() {
    let f = Fixture::new();
    let not_dir = touch(f.tmp.path(), "not-a-dir");
    let jar = touch(&f.dir("sys"), "duckdb_jdbc-1.1.3.jar");
    let loc = f.locator(Some(&not_dir), None);
    assert_eq!(loc.locate(DbKind::DuckDb).unwrap(), jar);
}
