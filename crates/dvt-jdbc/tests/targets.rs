//! One test per adapter: exact URL, driver class and properties; missing keys; encoding; secrets.

use std::path::Path;

use dvt_core::profiles::{Connection, DbKind};
use dvt_jdbc::{JdbcError, JdbcTarget, jdbc_target};

const PW: &str = "pw-SECRET-1";
const TOK: &str = "tok-SECRET-2";

fn conn(name: &str, yaml: &str) -> Connection {
    let v: serde_norway::Value = serde_norway::from_str(yaml).unwrap();
    Connection::from_yaml(name, &v, Path::new("profiles.yml"), Path::new("/proj")).unwrap()
}

fn target(name: &str, yaml: &str) -> JdbcTarget {
    jdbc_target(&conn(name, yaml)).unwrap_or_else(|e| panic!("{e}"))
}

fn opts(t: &JdbcTarget) -> Vec<(String, String)> {
    t.to_spark_options()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn missing(c: &Connection) -> String {
    let e = jdbc_target(c).unwrap_err();
    assert_eq!(e.code(), "DVT400", "{e}");
    assert!(matches!(e, JdbcError::MissingKey { .. }));
    e.to_string()
}

#[test]
fn postgres() {
    let t = target(
        "pg",
        "{type: postgres, host: db.local, user: alice, password: pw-SECRET-1, dbname: shop, schema: public}",
    );
    assert_eq!(
        t.url,
        "jdbc:postgresql://db.local:5432/shop?stringtype=unspecified&reWriteBatchedInserts=true"
    );
    assert_eq!(t.driver_class, "org.postgresql.Driver");
    assert_eq!(t.jar.patterns, ["postgresql*.jar"]);
    assert_eq!(t.jar.debian_package, Some("libpostgresql-jdbc-java"));
    assert_eq!(
        opts(&t),
        pairs(&[
            ("url", &t.url),
            ("driver", "org.postgresql.Driver"),
            ("user", "alice"),
            ("password", PW),
        ])
    );
    let t = target(
        "pg",
        "{type: postgres, host: db.local, port: 6543, user: alice, dbname: shop, sslmode: require}",
    );
    assert_eq!(
        t.url,
        "jdbc:postgresql://db.local:6543/shop?stringtype=unspecified&reWriteBatchedInserts=true&sslmode=require"
    );
    assert_eq!(t.properties.password, None);
}

#[test]
fn postgres_missing_keys() {
    let mut c = conn("pg", "{type: postgres, host: h, user: u, dbname: d}");
    c.user = None;
    let m = missing(&c);
    assert!(
        m.starts_with("DVT400: output 'pg' (postgres) has no 'user'"),
        "{m}"
    );
    assert!(m.contains("profiles.yml"), "{m}");
    let mut c = conn("pg", "{type: postgres, host: h, user: u, dbname: d}");
    c.database = None;
    assert!(missing(&c).contains("has no 'dbname'"));
    let mut c = conn("pg", "{type: postgres, host: h, user: u, dbname: d}");
    c.host = None;
    assert!(missing(&c).contains("has no 'host'"));
    let mut c = conn("pg", "{type: postgres, host: h, user: u, dbname: d}");
    c.user = Some(String::new());
    assert!(
        missing(&c).contains("has no 'user'"),
        "empty counts as missing"
    );
}

#[test]
fn redshift() {
    let t = target(
        "rs",
        "{type: redshift, host: c.abc.eu-west-1.redshift.amazonaws.com, user: u, password: pw-SECRET-1, dbname: dev}",
    );
    assert_eq!(
        t.url,
        "jdbc:redshift://c.abc.eu-west-1.redshift.amazonaws.com:5439/dev"
    );
    assert_eq!(t.driver_class, "com.amazon.redshift.jdbc42.Driver");
    assert_eq!(t.jar.patterns, ["redshift-jdbc42*.jar"]);
    assert_eq!(t.properties.user.as_deref(), Some("u"));
    assert_eq!(t.properties.password.as_ref().unwrap().expose(), PW);
    let mut c = conn("rs", "{type: redshift, host: h, user: u, dbname: d}");
    c.database = None;
    assert!(missing(&c).contains("(redshift) has no 'dbname'"));
}

#[test]
fn mysql_and_mariadb() {
    let t = target(
        "my",
        "{type: mysql, server: 10.0.0.5, username: root, password: pw-SECRET-1, schema: shop}",
    );
    assert_eq!(t.url, "jdbc:mysql://10.0.0.5:3306/shop");
    assert_eq!(t.driver_class, "com.mysql.cj.jdbc.Driver");
    assert_eq!(t.jar.patterns, ["mysql-connector-j*.jar"]);
    let t = target("my", "{type: mysql, host: h, port: 3307, user: root}");
    assert_eq!(
        t.url, "jdbc:mysql://h:3307/",
        "no database: no path segment"
    );
    let t = target(
        "ma",
        "{type: mariadb, host: h, user: root, password: pw-SECRET-1, schema: shop}",
    );
    assert_eq!(t.url, "jdbc:mariadb://h:3306/shop");
    assert_eq!(t.driver_class, "org.mariadb.jdbc.Driver");
    assert_eq!(t.jar.debian_package, Some("libmariadb-java"));
    assert_eq!(
        opts(&t)[2..],
        pairs(&[("user", "root"), ("password", PW)])[..]
    );
    let mut c = conn("ma", "{type: mariadb, host: h, user: root}");
    c.user = None;
    assert!(missing(&c).contains("output 'ma' (mariadb) has no 'user'"));
}

#[test]
fn sqlite() {
    let t = target("lite", "{type: sqlite, path: /data/ware house.db}");
    assert_eq!(t.url, "jdbc:sqlite:/data/ware house.db");
    assert_eq!(t.driver_class, "org.sqlite.JDBC");
    assert_eq!(t.jar.debian_package, Some("libxerial-sqlite-jdbc-java"));
    assert_eq!(t.properties, dvt_jdbc::JdbcProperties::new());
    // relative paths are resolved against the project dir by dvt-core
    let t = target("lite", "{type: sqlite, path: data/w.db}");
    assert_eq!(t.url, "jdbc:sqlite:/proj/data/w.db");
    let mut c = conn("lite", "{type: sqlite, path: /x.db}");
    c.path = None;
    let m = missing(&c);
    assert!(m.contains("output 'lite' (sqlite) has no 'path'"), "{m}");
    c.path = Some("rel/x.db".into());
    let e = jdbc_target(&c).unwrap_err();
    assert_eq!(e.code(), "DVT401");
    assert!(e.to_string().contains("not absolute"), "{e}");
    c.path = Some("/x?y.db".into());
    assert_eq!(jdbc_target(&c).unwrap_err().code(), "DVT401");
}

#[test]
fn snowflake() {
    let t = target(
        "sf",
        "{type: snowflake, account: xy12345.eu-west-1, user: u, password: pw-SECRET-1, role: R, database: DB, warehouse: WH, schema: S}",
    );
    assert_eq!(
        t.url,
        "jdbc:snowflake://xy12345.eu-west-1.snowflakecomputing.com/?db=DB&schema=S&warehouse=WH&role=R"
    );
    assert_eq!(t.driver_class, "net.snowflake.client.jdbc.SnowflakeDriver");
    assert_eq!(t.jar.patterns, ["snowflake-jdbc*.jar"]);
    assert_eq!(t.jar.debian_package, None);
    assert_eq!(opts(&t)[2..], pairs(&[("user", "u"), ("password", PW)])[..]);
    // host form, protocol http → ssl=off
    let t = target(
        "sf",
        "{type: snowflake, account: test, host: localhost, port: 8085, protocol: http, user: u, database: DB}",
    );
    assert_eq!(
        t.url,
        "jdbc:snowflake://localhost:8085/?account=test&db=DB&ssl=off"
    );
    // key-pair auth: the key path and passphrase are secret properties
    let t = target(
        "sf",
        "{type: snowflake, account: a, user: u, authenticator: snowflake_jwt, private_key_path: /k.p8, private_key_passphrase: pw-SECRET-1}",
    );
    assert_eq!(t.url, "jdbc:snowflake://a.snowflakecomputing.com/");
    assert_eq!(t.properties.get("authenticator"), Some("snowflake_jwt"));
    assert_eq!(
        t.properties
            .get_secret("private_key_file")
            .unwrap()
            .expose(),
        "/k.p8"
    );
    assert_eq!(
        t.properties
            .get_secret("private_key_file_pwd")
            .unwrap()
            .expose(),
        PW
    );
    let mut c = conn("sf", "{type: snowflake, account: a, user: u}");
    c.account = None;
    assert!(missing(&c).contains("output 'sf' (snowflake) has no 'account'"));
    let mut c = conn("sf", "{type: snowflake, account: a, user: u}");
    c.user = None;
    assert!(missing(&c).contains("has no 'user'"));
}

#[test]
fn oracle() {
    let t = target(
        "ora",
        "{type: oracle, host: ora.local, user: scott, password: pw-SECRET-1, service: ORCLPDB1, schema: SCOTT}",
    );
    assert_eq!(t.url, "jdbc:oracle:thin:@//ora.local:1521/ORCLPDB1");
    assert_eq!(t.driver_class, "oracle.jdbc.OracleDriver");
    assert_eq!(t.jar.patterns, ["ojdbc*.jar"]);
    assert_eq!(
        opts(&t)[2..],
        pairs(&[("user", "scott"), ("password", PW)])[..]
    );
    let mut c = conn("ora", "{type: oracle, host: h, user: u, database: X}");
    c.database = None;
    assert!(missing(&c).contains("(oracle) has no 'database'"));
}

#[test]
fn sqlserver() {
    let t = target(
        "ms",
        "{type: sqlserver, server: sql.local, user: sa, password: pw-SECRET-1, database: Sales DB, schema: dbo}",
    );
    assert_eq!(
        t.url,
        "jdbc:sqlserver://sql.local:1433;databaseName=Sales DB;encrypt=true;trustServerCertificate=false"
    );
    assert_eq!(
        t.driver_class,
        "com.microsoft.sqlserver.jdbc.SQLServerDriver"
    );
    assert_eq!(t.jar.patterns, ["mssql-jdbc*.jar"]);
    let t = target(
        "ms",
        "{type: sqlserver, server: s, user: sa, database: 'a;b', trust_cert: true, encrypt: false}",
    );
    assert_eq!(
        t.url,
        "jdbc:sqlserver://s:1433;databaseName={a;b};encrypt=false;trustServerCertificate=true"
    );
    let mut c = conn("ms", "{type: sqlserver, server: s, user: sa}");
    c.user = None;
    assert!(missing(&c).contains("(sqlserver) has no 'user'"));
}

#[test]
fn databricks_token_is_a_property_not_in_the_url() {
    let t = target(
        "dbx",
        "{type: databricks, host: adb-1.azuredatabricks.net, http_path: /sql/1.0/warehouses/abc, token: tok-SECRET-2, catalog: main, schema: sales}",
    );
    assert_eq!(
        t.url,
        "jdbc:databricks://adb-1.azuredatabricks.net:443/default;transportMode=http;ssl=1;httpPath=/sql/1.0/warehouses/abc;AuthMech=3;UID=token;ConnCatalog=main;ConnSchema=sales"
    );
    assert!(!t.url.contains(TOK));
    assert_eq!(t.driver_class, "com.databricks.client.jdbc.Driver");
    assert_eq!(
        t.jar.patterns,
        ["DatabricksJDBC42*.jar", "databricks-jdbc*.jar"]
    );
    assert_eq!(
        opts(&t)[2..],
        pairs(&[("user", "token"), ("password", TOK), ("PWD", TOK)])[..]
    );
    let mut c = conn(
        "dbx",
        "{type: databricks, host: h, http_path: /p, token: tok-SECRET-2}",
    );
    c.token = None;
    assert!(missing(&c).contains("(databricks) has no 'token'"));
    let mut c = conn(
        "dbx",
        "{type: databricks, host: h, http_path: /p, token: tok-SECRET-2}",
    );
    c.http_path = None;
    assert!(missing(&c).contains("has no 'http_path'"));
}

#[test]
fn trino() {
    let t = target(
        "tr",
        "{type: trino, host: trino.local, user: u, password: pw-SECRET-1, database: hive, schema: web, http_scheme: https, port: 443}",
    );
    assert_eq!(t.url, "jdbc:trino://trino.local:443/hive/web?SSL=true");
    assert_eq!(t.driver_class, "io.trino.jdbc.TrinoDriver");
    assert_eq!(t.jar.patterns, ["trino-jdbc*.jar"]);
    assert_eq!(opts(&t)[2..], pairs(&[("user", "u"), ("password", PW)])[..]);
    let t = target("tr", "{type: trino, host: h, user: u, catalog: memory}");
    assert_eq!(t.url, "jdbc:trino://h:8080/memory");
    let mut c = conn("tr", "{type: trino, host: h, user: u, catalog: memory}");
    c.database = None;
    assert!(missing(&c).contains("(trino) has no 'database'"));
}

#[test]
fn clickhouse() {
    let t = target(
        "ch",
        "{type: clickhouse, host: ch.local, user: default, password: pw-SECRET-1, schema: events}",
    );
    assert_eq!(t.url, "jdbc:clickhouse://ch.local:8123/events");
    assert_eq!(t.driver_class, "com.clickhouse.jdbc.ClickHouseDriver");
    assert_eq!(t.jar.patterns, ["clickhouse-jdbc*.jar"]);
    let t = target(
        "ch",
        "{type: clickhouse, host: h, port: 8443, secure: true}",
    );
    assert_eq!(t.url, "jdbc:clickhouse://h:8443?ssl=true");
    assert!(t.properties.user.is_none());
    let mut c = conn("ch", "{type: clickhouse, host: h}");
    c.host = None;
    assert!(missing(&c).contains("(clickhouse) has no 'host'"));
}

#[test]
fn bigquery() {
    let t = target(
        "bq",
        "{type: bigquery, project: my-proj, dataset: analytics, keyfile: /keys/sa.json, method: service-account}",
    );
    assert_eq!(
        t.url,
        "jdbc:bigquery://https://www.googleapis.com/bigquery/v2:443;ProjectId=my-proj;DefaultDataset=analytics;OAuthType=0;OAuthPvtKeyPath=/keys/sa.json"
    );
    assert_eq!(t.driver_class, "com.simba.googlebigquery.jdbc.Driver");
    assert_eq!(t.jar.patterns, ["GoogleBigQueryJDBC42*.jar"]);
    assert_eq!(opts(&t).len(), 2, "no credentials as properties");
    let c = conn("bq", "{type: bigquery, project: p, method: oauth}");
    assert!(missing(&c).contains("(bigquery) has no 'keyfile'"));
}

#[test]
fn duckdb() {
    let t = target("duck", "{type: duckdb, path: /data/w.duckdb}");
    assert_eq!(t.url, "jdbc:duckdb:/data/w.duckdb");
    assert_eq!(t.driver_class, "org.duckdb.DuckDBDriver");
    assert_eq!(t.jar.patterns, ["duckdb_jdbc*.jar"]);
    let mut c = conn("duck", "{type: duckdb, path: /x.duckdb}");
    c.path = None;
    assert!(missing(&c).contains("(duckdb) has no 'path'"));
}

#[test]
fn spark_thrift_and_http() {
    let t = target(
        "sp",
        "{type: spark, host: thrift.local, user: etl, schema: analytics}",
    );
    assert_eq!(t.url, "jdbc:hive2://thrift.local:10000/analytics");
    assert_eq!(t.driver_class, "org.apache.hive.jdbc.HiveDriver");
    assert_eq!(
        t.jar.patterns,
        ["hive-jdbc*standalone*.jar", "hive-jdbc*.jar"]
    );
    assert_eq!(opts(&t)[2..], pairs(&[("user", "etl")])[..]);
    let t = target(
        "sp",
        "{type: spark, host: h, port: 443, token: tok-SECRET-2, http_path: /cliservice}",
    );
    assert_eq!(
        t.url,
        "jdbc:hive2://h:443/;transportMode=http;httpPath=/cliservice"
    );
    assert_eq!(t.properties.password.as_ref().unwrap().expose(), TOK);
    let mut c = conn("sp", "{type: spark, host: h}");
    c.host = None;
    assert!(missing(&c).contains("(spark) has no 'host'"));
}

#[test]
fn url_values_are_percent_encoded() {
    let t = target(
        "pg",
        "{type: postgres, host: h, user: u, dbname: 'my db/ü?', sslmode: 'a&b'}",
    );
    assert_eq!(
        t.url,
        "jdbc:postgresql://h:5432/my%20db%2F%C3%BC%3F?stringtype=unspecified&reWriteBatchedInserts=true&sslmode=a%26b"
    );
    let t = target(
        "sf",
        "{type: snowflake, account: a, user: u, database: 'My DB', role: 'R&D'}",
    );
    assert_eq!(
        t.url,
        "jdbc:snowflake://a.snowflakecomputing.com/?db=My%20DB&role=R%26D"
    );
    let t = target(
        "tr",
        "{type: trino, host: h, user: u, catalog: c, schema: 's 1'}",
    );
    assert_eq!(t.url, "jdbc:trino://h:8080/c/s%201");
}

#[test]
fn bad_host_is_rejected() {
    let c = conn(
        "pg",
        "{type: postgres, host: 'evil/x?y', user: u, dbname: d}",
    );
    let e = jdbc_target(&c).unwrap_err();
    assert_eq!(e.code(), "DVT401");
    assert!(
        e.to_string().contains("output 'pg' (postgres): 'host'"),
        "{e}"
    );
}

/// A connection of every adapter with every credential set to a marker secret.
fn full(adapter: DbKind) -> Connection {
    let yaml = format!(
        "{{type: {adapter}, host: h.example, server: h.example, user: u, username: u, password: {PW}, \
         dbname: d, database: d, schema: s, account: acc, warehouse: wh, role: r, path: /data/x.db, \
         token: {TOK}, http_path: /sql/p, project: proj, keyfile: /k.json, \
         private_key_passphrase: {PW}, client_secret: {TOK}}}"
    );
    let v: serde_norway::Value = serde_norway::from_str(&yaml).unwrap();
    Connection::from_yaml("out", &v, Path::new("profiles.yml"), Path::new("/proj")).unwrap()
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(PW), "{what} leaks the password: {text}");
    assert!(!text.contains(TOK), "{what} leaks the token: {text}");
}

#[test]
fn no_secret_in_debug_display_url_or_errors_for_any_adapter() {
    for a in dvt_core::profiles::ADAPTERS.iter().map(|a| a.kind) {
        let c = full(a);
        let t = jdbc_target(&c).unwrap_or_else(|e| panic!("{a}: {e}"));
        assert_clean("url", &t.url);
        assert_clean("target Debug", &format!("{t:?}"));
        assert_clean("target Display", &format!("{t}"));
        assert_clean("properties Debug", &format!("{:?}", t.properties));
        assert_clean("properties Display", &format!("{}", t.properties));
        // the secrets are still there for Spark
        let exposed = format!("{:?}", t.to_spark_options());
        if c.password.is_some() && t.properties.password.is_some() {
            assert!(exposed.contains(PW) || exposed.contains(TOK), "{a}");
        }
        // every error an adapter can produce, with the secrets still set
        for key in [
            "host",
            "user",
            "database",
            "account",
            "path",
            "http_path",
            "project",
        ] {
            let mut c = full(a);
            match key {
                "host" => c.host = None,
                "user" => c.user = None,
                "database" => c.database = None,
                "account" => c.account = None,
                "path" => c.path = Some("relative.db".into()),
                "http_path" => c.http_path = None,
                "project" => c.project = None,
                _ => unreachable!(),
            }
            if let Err(e) = jdbc_target(&c) {
                assert_clean("error Display", &e.to_string());
                assert_clean("error Debug", &format!("{e:?}"));
            }
        }
        let mut c = full(a);
        c.token = None;
        if let Err(e) = jdbc_target(&c) {
            assert_clean("error", &format!("{e} {e:?}"));
        }
    }
}

#[test]
fn databricks_and_spark_targets_carry_the_token_only_as_a_secret() {
    for a in [DbKind::Databricks, DbKind::Spark] {
        let t = jdbc_target(&full(a)).unwrap();
        assert_eq!(t.properties.password.as_ref().unwrap().expose(), TOK, "{a}");
        assert!(t.properties.options.values().all(|v| !v.contains(TOK)));
    }
}

#[test]
fn postgres_tls_settings_go_into_the_url() {
    let t = target(
        "pg",
        "{type: postgres, host: h, user: u, password: pw-SECRET-1, dbname: d, sslmode: verify-full, \
         sslrootcert: /etc/dvt/ca.crt, sslcert: /etc/dvt/client.crt, sslkey: /etc/dvt/client.pk8, \
         sslpassword: key-SECRET-3}",
    );
    assert_eq!(
        t.url,
        "jdbc:postgresql://h:5432/d?stringtype=unspecified&reWriteBatchedInserts=true&sslmode=verify-full\
         &sslrootcert=%2Fetc%2Fdvt%2Fca.crt&sslcert=%2Fetc%2Fdvt%2Fclient.crt&sslkey=%2Fetc%2Fdvt%2Fclient.pk8"
    );
    // The key's password is a property (a secret), never in the URL.
    assert!(!t.url.contains("key-SECRET-3"));
    assert!(!format!("{t:?}").contains("key-SECRET-3"));
    assert!(
        opts(&t).contains(&("sslpassword".to_string(), "key-SECRET-3".to_string())),
        "{:?}",
        t.properties
    );
}

#[test]
fn mariadb_tls_settings_go_into_the_url() {
    let url = |extra: &str| {
        target(
            "m",
            &format!("{{type: mariadb, host: h, user: root, schema: shop{extra}}}"),
        )
        .url
    };
    // No ssl_mode (the native connector's `preferred`) and `disabled`: Connector/J 2.7 has no
    // opportunistic TLS.
    assert_eq!(url(""), "jdbc:mariadb://h:3306/shop");
    assert_eq!(url(", ssl_mode: disabled"), "jdbc:mariadb://h:3306/shop");
    assert_eq!(url(", ssl_mode: preferred"), "jdbc:mariadb://h:3306/shop");
    assert_eq!(
        url(", ssl_mode: required"),
        "jdbc:mariadb://h:3306/shop?useSsl=true&trustServerCertificate=true&disableSslHostnameVerification=true"
    );
    assert_eq!(
        url(", ssl_mode: required, ssl_ca: /ca.pem"),
        "jdbc:mariadb://h:3306/shop?useSsl=true&serverSslCert=%2Fca.pem&disableSslHostnameVerification=true"
    );
    assert_eq!(
        url(", ssl_mode: VERIFY_CA, ssl_ca: /ca.pem"),
        "jdbc:mariadb://h:3306/shop?useSsl=true&serverSslCert=%2Fca.pem&disableSslHostnameVerification=true"
    );
    assert_eq!(
        url(", ssl_mode: verify-identity, ssl_ca: /ca.pem"),
        "jdbc:mariadb://h:3306/shop?useSsl=true&serverSslCert=%2Fca.pem"
    );
    // mysql through MySQL Connector/J: its own sslMode.
    let t = target(
        "my",
        "{type: mysql, server: h, username: root, schema: shop, ssl_mode: verify_identity}",
    );
    assert_eq!(t.url, "jdbc:mysql://h:3306/shop?sslMode=verify_identity");
    // mysql through the MariaDB driver (the fallback row): the MariaDB parameters.
    let spec = dvt_jdbc::JdbcSpec::for_adapter(DbKind::MySql);
    let fallback = spec.fallback.expect("the MariaDB fallback");
    assert!(
        fallback.params.iter().any(|p| p.name == "serverSslCert"),
        "{:?}",
        fallback.params
    );
}
