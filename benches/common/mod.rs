//! The test PostgreSQL of `scripts/services.sh`, as the benches reach it (`psql` and a
//! connector profile).

use std::process::Command;

use dvt_core::profiles::{Connection, DbKind};

/// The test server, or `None` after saying why the bench is skipped.
pub fn server() -> Option<Pg> {
    let pg = Pg::from_env();
    if pg.is_none() {
        eprintln!(
            "skipped: DVT_TEST_PG_* are not set (scripts/services.sh start && source .dvt-services/env)"
        );
    }
    pg
}

/// Whether this is `cargo bench` (full size) rather than `cargo test --bench` (small).
pub fn full_size() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The test server's address and user, and the database a bench works in.
pub struct Pg {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub db: String,
}

impl Pg {
    /// From `DVT_TEST_PG_*` (`source .dvt-services/env`), if set.
    pub fn from_env() -> Option<Self> {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.trim().is_empty());
        Some(Self {
            host: var("DVT_TEST_PG_HOST")?,
            port: var("DVT_TEST_PG_PORT")?.parse().ok()?,
            user: var("DVT_TEST_PG_USER")?,
            db: var("DVT_TEST_PG_DB")?,
        })
    }

    /// The same server, database `db`.
    #[allow(dead_code)] // not every bench uses every helper
    pub fn on(&self, db: &str) -> Self {
        Self {
            host: self.host.clone(),
            port: self.port,
            user: self.user.clone(),
            db: db.to_string(),
        }
    }

    /// A connector profile for the database.
    #[allow(dead_code)]
    pub fn connection(&self) -> Connection {
        Connection {
            host: Some(self.host.clone()),
            port: Some(self.port),
            user: Some(self.user.clone()),
            database: Some(self.db.clone()),
            ..Connection::new("bench", DbKind::Postgres)
        }
    }

    /// Runs one psql command; panics with its stderr when it fails.
    pub fn psql(&self, command: &str) {
        self.query(command);
    }

    /// Runs one psql command, whatever its outcome (cleaning up).
    #[allow(dead_code)]
    pub fn psql_unchecked(&self, command: &str) -> std::io::Result<std::process::Output> {
        Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", &self.host, "-p", &self.port.to_string()])
            .args(["-U", &self.user, "-d", &self.db, "-c", command])
            .output()
    }

    /// Runs one psql command; its output, unaligned and without headers.
    pub fn query(&self, command: &str) -> String {
        let out = self
            .psql_unchecked(command)
            .expect("run psql (install postgresql-client)");
        assert!(
            out.status.success(),
            "psql -c {command:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}
