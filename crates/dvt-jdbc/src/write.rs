//! Whether Spark writes a model's rows into a target database over JDBC itself, per adapter
//! (a table, like [`crate::JDBC_SPECS`]).
//!
//! Where it does, dvt creates the staging table (types through the TypeMapper), Spark appends
//! the rows into it with its JDBC writer and the row's extra options, and dvt swaps it into
//! place. Where it does not, Spark's result is collected as Arrow and loaded by dvt's native
//! connector, and the run warns (DVT008) that the rows pass through dvt's process.

use dvt_core::profiles::DbKind;

/// How a Spark result reaches one adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SparkWrite {
    /// Spark appends into the staging table over JDBC, with these options besides the
    /// connection's (`url`, `driver`, credentials).
    Jdbc {
        /// Extra writer options.
        options: &'static [(&'static str, &'static str)],
    },
    /// The rows funnel through dvt's process, for this reason (a clause).
    Client {
        /// Why Spark does not write there itself.
        reason: &'static str,
    },
}

/// Rows per JDBC batch of Spark's writer.
pub const WRITE_BATCH_SIZE: &str = "10000";

/// The adapters Spark writes into itself; every other adapter is [`SparkWrite::Client`].
#[rustfmt::skip]
pub static SPARK_WRITES: &[(DbKind, SparkWrite)] = &[
    // The URL already carries stringtype=unspecified (strings into json/uuid columns) and
    // reWriteBatchedInserts=true (multi-row INSERTs).
    (DbKind::Postgres, SparkWrite::Jdbc { options: &[("batchsize", WRITE_BATCH_SIZE)] }),
    (DbKind::MySql, SparkWrite::Jdbc { options: MYSQL_WRITE }),
    (DbKind::MariaDb, SparkWrite::Jdbc { options: MYSQL_WRITE }),
    (DbKind::Sqlite, SparkWrite::Client {
        reason: "a SQLite database is a file of this machine, which a Spark server need not reach, and the SQLite JDBC driver would store dates and timestamps as epoch milliseconds",
    }),
    (DbKind::Snowflake, SparkWrite::Client {
        reason: "no Snowflake JDBC driver can be installed from the package registries",
    }),
];

/// MySQL and MariaDB: Spark quotes the columns of its INSERT with double quotes unless the URL
/// is `jdbc:mysql:` (the MariaDB driver's is `jdbc:mariadb:`), so every session of the writer
/// reads them as identifiers (`ANSI_QUOTES`, added to the server's strict mode), in UTC as the
/// native connector's sessions. Spark runs `sessionInitStatement` on reads only; the MariaDB
/// driver's `sessionVariables` property (Spark passes unknown options to the driver) is set on
/// every connection. Verified with MariaDB Connector/J (Debian's `libmariadb-java`, which dvt
/// also uses for MySQL servers); with MySQL Connector/J, whose `sessionVariables` splits the
/// value on commas, the writes are untested.
const MYSQL_WRITE: &[(&str, &str)] = &[
    ("batchsize", WRITE_BATCH_SIZE),
    (
        "sessionVariables",
        "sql_mode=CONCAT(@@SESSION.sql_mode,',ANSI_QUOTES,STRICT_ALL_TABLES'),time_zone='+00:00'",
    ),
];

/// How a Spark result reaches `adapter` (see the module docs).
pub fn spark_write(adapter: DbKind) -> SparkWrite {
    SPARK_WRITES
        .iter()
        .find(|(a, _)| *a == adapter)
        .map(|(_, w)| *w)
        .unwrap_or(SparkWrite::Client {
            reason: "dvt has not verified Spark's JDBC writes into this database",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verified_targets_are_written_by_spark() {
        assert!(matches!(
            spark_write(DbKind::Postgres),
            SparkWrite::Jdbc { .. }
        ));
        assert!(matches!(
            spark_write(DbKind::MariaDb),
            SparkWrite::Jdbc { .. }
        ));
        for a in [DbKind::Sqlite, DbKind::Snowflake, DbKind::Oracle] {
            assert!(matches!(spark_write(a), SparkWrite::Client { .. }), "{a}");
        }
    }
}
