//! Atomic loads: a model's rows never replace its table halfway.
//!
//! Every load writes into a staging table `dvt_stg_<model>_<key>_<run id>` beside the target
//! table, and only when every row is in does one atomic step put its rows in the target's
//! place: when the target exists with the same columns, one transaction deletes its rows and
//! inserts the new ones (the table stays, with the views built on it, its grants, indexes and
//! comments); otherwise [`Connector::replace_table`] swaps the staging table in (one
//! transaction on PostgreSQL and SQLite, `RENAME TABLE` on MySQL). The table is never left
//! half-filled. Only one run of a project loads a table at a time (a lock file per target
//! table; another run is DVT125). Before writing, the intent is appended to a
//! journal file (`target/dvt_journal.jsonl` of the project); a run that crashes leaves its
//! entry open, and the next run ([`Journal::recover`]) drops the staging tables of open entries.
//! Each load also drops leftover staging tables of its own model (its prefix followed by a run
//! id, never another model's) on its target, so residue is removed even when the journal was
//! lost.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::connector::{Connector, SchemaStream, TableName, load_error};
use crate::error::{Error, Result};
use dvt_types::TypeLoss;

/// The prefix of every staging table.
pub const STAGING_PREFIX: &str = "dvt_stg_";

/// A run's identifier: short, lower-case, usable in table names (`r` + base-36 millis + pid).
pub fn new_run_id() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!(
        "r{}{}",
        base36(ms as u64),
        base36(u64::from(std::process::id()))
    )
}

fn base36(mut n: u64) -> String {
    const D: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The staging-table name prefix of one model (`dvt_stg_<name>_<key>_`): the model name
/// reduced to `[a-z0-9_]` and shortened so the whole name fits MySQL's 64 characters, then a
/// key of its `unique_id` (two models whose names reduce alike — `a-b` and `a_b`, or long names
/// sharing their first characters — still get different prefixes). A staging table of the
/// model is this prefix followed by a run id ([`is_staging_of`]).
pub fn staging_prefix(model_name: &str, unique_id: &str) -> String {
    let clean: String = model_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(27)
        .collect();
    format!("{STAGING_PREFIX}{clean}_{:08x}_", fnv1a(unique_id) as u32)
}

/// Whether `table` is a staging table of the model whose prefix is `prefix`: the prefix and
/// then one run id (letters and digits only). `dvt_stg_orders_<key>_<run>` is never mistaken
/// for a staging table of another model whose prefix it happens to start with.
pub fn is_staging_of(table: &str, prefix: &str) -> bool {
    table
        .strip_prefix(prefix)
        .is_some_and(|run| !run.is_empty() && run.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// FNV-1a (64 bit): a hash that is the same in every build and process (std's hasher promises
/// neither), for the staging-table key; eight lines do not warrant a dependency.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Why a load's lock was not taken.
enum LockError {
    /// A live run holds it (the lock file).
    Busy(PathBuf),
    /// The lock file could not be opened.
    Io(Error),
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The run.
    pub run_id: String,
    /// The model's `unique_id`.
    pub model: String,
    /// The output the staging table lives on.
    pub output: String,
    /// Its schema, if any.
    pub schema: Option<String>,
    /// The staging table.
    pub table: String,
    /// `started` when the staging table may exist, `finished` when it is gone.
    pub state: String,
}

/// The journal of staging tables (JSON lines).
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    lock: Mutex<()>,
}

impl Journal {
    /// The journal at `path` (created on first write).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The journal of a project: `<project>/target/dvt_journal.jsonl`.
    pub fn for_project(project_dir: &Path) -> Self {
        Self::at(project_dir.join("target").join("dvt_journal.jsonl"))
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append(&self, e: &JournalEntry) -> Result<()> {
        let _g = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|x| Error::file(dir, x))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|x| Error::file(&self.path, x))?;
        let line = serde_json::to_string(e).unwrap_or_default();
        // A line torn by a crash must not swallow this one.
        let torn = std::fs::read(&self.path)
            .ok()
            .and_then(|b| b.last().copied())
            .is_some_and(|b| b != b'\n');
        let sep = if torn { "\n" } else { "" };
        writeln!(f, "{sep}{line}").map_err(|x| Error::file(&self.path, x))?;
        f.sync_data().map_err(|x| Error::file(&self.path, x))
    }

    /// Take the lock of one model's load on an output for this project (a file under
    /// `target/dvt_locks/`, locked by the operating system and released when the load ends or
    /// the process dies). Another run already loading it is DVT125, at once.
    fn lock_target(&self, output: &str, spec: &LoadSpec<'_>) -> Result<std::fs::File> {
        self.try_lock(output, spec.model).map_err(|e| match e {
            LockError::Busy(path) => Error::Busy {
                model: spec.model_name.to_string(),
                table: format!("{} on output '{output}'", spec.target),
                lock: path.display().to_string(),
            },
            LockError::Io(e) => e,
        })
    }

    /// The lock of `model`'s loads on `output`, if no live run holds it.
    fn try_lock(&self, output: &str, model: &str) -> std::result::Result<std::fs::File, LockError> {
        let dir = self
            .path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("dvt_locks");
        std::fs::create_dir_all(&dir).map_err(|x| LockError::Io(Error::file(&dir, x)))?;
        let key = format!("{output}\u{1f}{model}");
        let path = dir.join(format!("{:016x}.lock", fnv1a(&key)));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|x| LockError::Io(Error::file(&path, x)))?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Busy(path)),
            Err(std::fs::TryLockError::Error(x)) => Err(LockError::Io(Error::file(&path, x))),
        }
    }

    /// Entries whose staging table may still exist (started, never finished).
    pub fn open_entries(&self) -> Result<Vec<JournalEntry>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::file(&self.path, e)),
        };
        let mut open: Vec<JournalEntry> = Vec::new();
        for line in text.lines() {
            // A line cut by a crash is ignored; the prefix sweep still finds its table.
            let Ok(e) = serde_json::from_str::<JournalEntry>(line) else {
                continue;
            };
            let same = |o: &JournalEntry| {
                o.output == e.output && o.table == e.table && o.schema == e.schema
            };
            if e.state == "started" {
                if !open.iter().any(same) {
                    open.push(e);
                }
            } else {
                open.retain(|o| !same(o));
            }
        }
        Ok(open)
    }

    /// Drop the staging tables of open entries (a crashed run's residue) on the outputs
    /// `connector_of` can open; returns the tables dropped. Entries whose output cannot be
    /// opened, and those of a run that is still loading (it holds the model's lock), stay open.
    pub async fn recover<'a, F>(&self, connector_of: F) -> Result<Vec<TableName>>
    where
        F: Fn(&str) -> Option<&'a dyn Connector>,
    {
        let mut dropped = Vec::new();
        for e in self.open_entries()? {
            let Some(c) = connector_of(&e.output) else {
                continue;
            };
            // A run that is still loading this model holds its lock: not residue.
            let Ok(_lock) = self.try_lock(&e.output, &e.model) else {
                continue;
            };
            let t = TableName::new(e.schema.as_deref(), &e.table);
            c.drop_table(&t).await?;
            self.append(&JournalEntry {
                state: "finished".into(),
                ..e
            })?;
            dropped.push(t);
        }
        Ok(dropped)
    }
}

/// What an atomic load did.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOutcome {
    /// Rows written.
    pub rows: u64,
    /// Type losses of the target table's DDL (DVT002).
    pub losses: Vec<TypeLoss>,
    /// The staging table that was swapped into place.
    pub staging: TableName,
    /// Leftover staging tables of earlier runs that were dropped.
    pub residue_dropped: Vec<TableName>,
}

/// What fills the staging table.
#[derive(Debug)]
pub enum Fill {
    /// Rows from an executor (`CREATE TABLE` from their schema, then a bulk load).
    Rows(SchemaStream),
    /// A query the target runs itself (`CREATE TABLE … AS query`: the direct path).
    Query(String),
    /// A query the target runs itself in the session that first loads `staged` into its
    /// temporary tables ([`Connector::execute_staged`]): the direct path of a model whose other
    /// sides were moved onto the target's server.
    Staged {
        /// The other servers' rows, each for a temporary table the query reads.
        staged: Vec<crate::connector::Staged>,
        /// The query.
        query: String,
    },
}

/// How the staging table's rows reach the target table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// The staging table replaces the target (materialized `table`, and an incremental model's
    /// first run).
    Replace,
    /// Its rows are appended to the target (incremental `append`).
    Append,
    /// Target rows whose key matches a new row are deleted, then the new rows inserted, in one
    /// transaction (incremental `delete+insert`, and `merge`: the same final table when the
    /// new rows' keys are unique).
    DeleteInsert {
        /// The `unique_key` columns.
        keys: Vec<String>,
    },
}

/// Which model's load this is, and how it ends.
#[derive(Debug, Clone)]
pub struct LoadSpec<'a> {
    /// The target table.
    pub target: &'a TableName,
    /// The model's `unique_id` (for the journal).
    pub model: &'a str,
    /// The model's name (for the staging table's name).
    pub model_name: &'a str,
    /// The run's id.
    pub run_id: &'a str,
    /// How the rows reach the target.
    pub finish: Finish,
}

/// The statements that move a filled staging table's rows into the target (one transaction).
fn finish_statements(
    connector: &dyn Connector,
    finish: &Finish,
    staging: &TableName,
    target: &TableName,
    columns: &[String],
) -> Vec<String> {
    let q = connector.quote();
    let col = |c: &str| TableName::new(None, c).quoted(q);
    let cols = columns
        .iter()
        .map(|c| col(c))
        .collect::<Vec<_>>()
        .join(", ");
    let (s, t) = (staging.quoted(q), target.quoted(q));
    let insert = format!("INSERT INTO {t} ({cols}) SELECT {cols} FROM {s}");
    let drop = format!("DROP TABLE {s}");
    match finish {
        Finish::Replace => Vec::new(),
        Finish::Append => vec![insert, drop],
        Finish::DeleteInsert { keys } => {
            let bare = TableName::new(None, &target.name).quoted(q);
            let on = keys
                .iter()
                .map(|k| format!("dvt_new.{} = {bare}.{}", col(k), col(k)))
                .collect::<Vec<_>>()
                .join(" AND ");
            vec![
                format!("DELETE FROM {t} WHERE EXISTS (SELECT 1 FROM {s} dvt_new WHERE {on})"),
                insert,
                drop,
            ]
        }
    }
}

/// The first half of an atomic load: residue of earlier runs dropped, the intent journaled.
struct Begun {
    staging: TableName,
    entry: JournalEntry,
    residue_dropped: Vec<TableName>,
    /// Held until the load ends (dropped with it).
    _lock: std::fs::File,
}

async fn begin(connector: &dyn Connector, spec: &LoadSpec<'_>, journal: &Journal) -> Result<Begun> {
    let lock = journal.lock_target(connector.output(), spec)?;
    let prefix = staging_prefix(spec.model_name, spec.model);
    let staging = spec.target.sibling(&format!("{prefix}{}", spec.run_id));
    // Residue of earlier crashed runs of this model (and of no other: see `is_staging_of`).
    // No other run of this project loads the model now: it would hold the lock.
    let mut residue_dropped = Vec::new();
    for t in connector
        .tables_with_prefix(spec.target.schema.as_deref(), &prefix)
        .await?
    {
        if t.name != staging.name && is_staging_of(&t.name, &prefix) {
            connector.drop_table(&t).await?;
            residue_dropped.push(t);
        }
    }
    let entry = JournalEntry {
        run_id: spec.run_id.to_string(),
        model: spec.model.to_string(),
        output: connector.output().to_string(),
        schema: staging.schema.clone(),
        table: staging.name.clone(),
        state: "started".into(),
    };
    journal.append(&entry)?;
    Ok(Begun {
        staging,
        entry,
        residue_dropped,
        _lock: lock,
    })
}

/// Move a filled staging table's rows into the target (the second half of an atomic load).
async fn finish(connector: &dyn Connector, spec: &LoadSpec<'_>, staging: &TableName) -> Result<()> {
    let target = spec.target;
    match &spec.finish {
        Finish::Replace => replace(connector, staging, target).await,
        finish => {
            let shape = connector
                .column_shapes(std::slice::from_ref(staging))
                .await?;
            let cols: Vec<String> = shape
                .into_iter()
                .flatten()
                .flatten()
                .map(|(name, _)| name)
                .collect();
            // The rows reach the target in this one transaction: a value the target's column
            // cannot hold fails here, and it is a load error (nothing was written).
            connector
                .execute_atomic(&finish_statements(
                    connector, finish, staging, target, &cols,
                ))
                .await
                .map_err(|e| match e {
                    Error::Query { message, .. } => load_error(connector.output(), target, message),
                    other => other,
                })
        }
    }
}

/// Put a filled staging table's rows in the target's place. When the target exists with the
/// same columns (names and types, in order), its rows are replaced in one transaction
/// (`DELETE`, then `INSERT … SELECT` from the staging table): the table itself stays, so the
/// views that read it, its grants, indexes, comments and constraints keep working — a second
/// run of a project whose table others built on does not fail or lose them. Otherwise (a new
/// table, or its columns changed) the staging table is swapped into place
/// ([`Connector::replace_table`]).
async fn replace(connector: &dyn Connector, staging: &TableName, target: &TableName) -> Result<()> {
    let shapes = connector
        .column_shapes(&[target.clone(), staging.clone()])
        .await?;
    let lower = |s: &Option<Vec<(String, String)>>| {
        s.as_ref().map(|cols| {
            cols.iter()
                .map(|(n, t)| (n.clone(), t.to_lowercase()))
                .collect::<Vec<_>>()
        })
    };
    let (old, new) = (lower(&shapes[0]), lower(&shapes[1]));
    let (Some(_), Some(new)) = (&old, new.filter(|n| Some(n) == old.as_ref())) else {
        return connector.replace_table(staging, target).await;
    };
    let q = connector.quote();
    let cols: Vec<String> = new.into_iter().map(|(n, _)| n).collect();
    let mut statements = vec![format!("DELETE FROM {}", target.quoted(q))];
    statements.extend(finish_statements(
        connector,
        &Finish::Append,
        staging,
        target,
        &cols,
    ));
    connector
        .execute_atomic(&statements)
        .await
        .map_err(|e| match e {
            Error::Query { message, .. } => load_error(connector.output(), target, message),
            other => other,
        })
}

/// Close a load's journal entry, dropping the staging table first when the load failed.
async fn end<T>(
    connector: &dyn Connector,
    journal: &Journal,
    begun: &Begun,
    result: Result<T>,
) -> Result<T> {
    match result {
        Ok(v) => {
            journal.append(&begun.closed())?;
            Ok(v)
        }
        Err(e) => {
            discard(connector, journal, begun).await;
            Err(e)
        }
    }
}

/// Drop a failed load's staging table and close its journal entry (best effort: the entry
/// stays open, for the next run to clean up, if the drop fails).
async fn discard(connector: &dyn Connector, journal: &Journal, begun: &Begun) {
    if connector.drop_table(&begun.staging).await.is_ok() {
        let _ = journal.append(&begun.closed());
    }
}

impl Begun {
    fn closed(&self) -> JournalEntry {
        JournalEntry {
            state: "finished".into(),
            ..self.entry.clone()
        }
    }
}

/// Write `fill` into `spec.target` on `connector` atomically (see the module docs).
pub async fn load_atomic(
    connector: &dyn Connector,
    spec: &LoadSpec<'_>,
    fill: Fill,
    journal: &Journal,
) -> Result<LoadOutcome> {
    let begun = begin(connector, spec, journal).await?;
    let staging = &begun.staging;
    let result = async {
        connector.drop_table(staging).await?;
        let (rows, losses) = match fill {
            Fill::Rows(data) => {
                let losses = connector.create_table(staging, &data.schema).await?;
                (connector.load(staging, data).await?, losses)
            }
            Fill::Query(sql) => {
                let q = connector.quote();
                connector
                    .execute(&format!("CREATE TABLE {} AS {sql}", staging.quoted(q)))
                    .await?;
                (connector.count_rows(staging).await?, Vec::new())
            }
            Fill::Staged { staged, query } => {
                let q = connector.quote();
                let create = format!("CREATE TABLE {} AS {query}", staging.quoted(q));
                connector.execute_staged(staged, &create).await?;
                (connector.count_rows(staging).await?, Vec::new())
            }
        };
        finish(connector, spec, staging).await?;
        Ok::<_, Error>((rows, losses))
    }
    .await;
    let (rows, losses) = end(connector, journal, &begun, result).await?;
    Ok(LoadOutcome {
        rows,
        losses,
        staging: begun.staging,
        residue_dropped: begun.residue_dropped,
    })
}

/// An atomic load whose staging table is filled by someone else: an engine that writes into
/// the target database itself (Spark's JDBC write). [`open_staging`] creates the (empty)
/// staging table from the rows' schema through the TypeMapper, exactly as [`load_atomic`]
/// would; the writer fills [`OpenStaging::table`]; [`OpenStaging::commit`] then moves the rows
/// into the target in the same one atomic step, and [`OpenStaging::abandon`] drops the staging
/// table after a failed write (the target is untouched either way). A crash in between leaves
/// the journal entry open, and the next run drops the staging table.
#[derive(Debug)]
pub struct OpenStaging<'a> {
    connector: &'a dyn Connector,
    spec: LoadSpec<'a>,
    journal: &'a Journal,
    begun: Begun,
    losses: Vec<TypeLoss>,
}

impl std::fmt::Debug for Begun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Begun")
            .field("staging", &self.staging)
            .finish_non_exhaustive()
    }
}

/// Start an atomic load whose rows someone else writes (see [`OpenStaging`]).
pub async fn open_staging<'a>(
    connector: &'a dyn Connector,
    spec: LoadSpec<'a>,
    schema: &arrow_schema::Schema,
    journal: &'a Journal,
) -> Result<OpenStaging<'a>> {
    let begun = begin(connector, &spec, journal).await?;
    let created = async {
        connector.drop_table(&begun.staging).await?;
        connector.create_table(&begun.staging, schema).await
    }
    .await;
    let losses = match created {
        Ok(l) => l,
        Err(e) => {
            discard(connector, journal, &begun).await;
            return Err(e);
        }
    };
    Ok(OpenStaging {
        connector,
        spec,
        journal,
        begun,
        losses,
    })
}

impl OpenStaging<'_> {
    /// The staging table to write the rows into (it exists, empty, with the target's types).
    pub fn table(&self) -> &TableName {
        &self.begun.staging
    }

    /// The type losses of the staging table's DDL (DVT002).
    pub fn losses(&self) -> &[TypeLoss] {
        &self.losses
    }

    /// The rows are in: count them and move them into the target in one atomic step. On an
    /// error the staging table is dropped and the target is as it was.
    pub async fn commit(self) -> Result<LoadOutcome> {
        let (connector, staging) = (self.connector, &self.begun.staging);
        let result = async {
            let rows = connector.count_rows(staging).await?;
            finish(connector, &self.spec, staging).await?;
            Ok(rows)
        }
        .await;
        let rows = end(connector, self.journal, &self.begun, result).await?;
        Ok(LoadOutcome {
            rows,
            losses: self.losses,
            staging: self.begun.staging,
            residue_dropped: self.begun.residue_dropped,
        })
    }

    /// The write failed: drop the staging table (the target was never touched).
    pub async fn abandon(self) {
        discard(self.connector, self.journal, &self.begun).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_and_prefixes_are_identifiers() {
        let r = new_run_id();
        assert!(r.chars().all(|c| c.is_ascii_alphanumeric()), "{r}");
        let p = staging_prefix("Order Totals-2", "model.p.Order Totals-2");
        assert!(p.starts_with("dvt_stg_order_totals_2_"), "{p}");
        assert_eq!(p.len(), "dvt_stg_order_totals_2_".len() + 9, "{p}");
        let long = staging_prefix(&"x".repeat(100), "model.p.x");
        assert!(long.len() + r.len() <= 64, "{long}{r}");
        // Names that reduce alike get different prefixes.
        assert_ne!(
            staging_prefix("a-b", "model.p.a-b"),
            staging_prefix("a_b", "model.p.a_b")
        );
        let x = "y".repeat(40);
        assert_ne!(
            staging_prefix(&format!("{x}1"), &format!("model.p.{x}1")),
            staging_prefix(&format!("{x}2"), &format!("model.p.{x}2"))
        );
    }

    #[test]
    fn a_staging_table_belongs_to_one_model() {
        let orders = staging_prefix("orders", "model.p.orders");
        let daily = staging_prefix("orders_daily", "model.p.orders_daily");
        let mine = format!("{orders}r1abc");
        let theirs = format!("{daily}r1abc");
        assert!(is_staging_of(&mine, &orders));
        assert!(!is_staging_of(&theirs, &orders), "{theirs} vs {orders}");
        assert!(is_staging_of(&theirs, &daily));
        assert!(
            !is_staging_of(&orders, &orders),
            "a prefix alone is no table"
        );
        // A model whose name extends another's plus its key: still not the other's.
        let trick = format!(
            "{}_x",
            orders
                .trim_start_matches(STAGING_PREFIX)
                .trim_end_matches('_')
        );
        let trick_prefix = staging_prefix(&trick, &format!("model.p.{trick}"));
        assert!(!is_staging_of(&format!("{trick_prefix}r1"), &orders));
    }

    #[test]
    fn journal_keeps_started_entries_until_finished() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("t/j.jsonl"));
        assert!(j.open_entries().unwrap().is_empty());
        let e = JournalEntry {
            run_id: "r1".into(),
            model: "model.p.m".into(),
            output: "wh".into(),
            schema: None,
            table: "dvt_stg_m_r1".into(),
            state: "started".into(),
        };
        j.append(&e).unwrap();
        j.append(&JournalEntry {
            table: "dvt_stg_m_r2".into(),
            ..e.clone()
        })
        .unwrap();
        j.append(&JournalEntry {
            state: "finished".into(),
            ..e.clone()
        })
        .unwrap();
        // A torn last line (crash while writing) is ignored.
        std::fs::OpenOptions::new()
            .append(true)
            .open(j.path())
            .unwrap()
            .write_all(b"{\"run_id\":")
            .unwrap();
        let open = j.open_entries().unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].table, "dvt_stg_m_r2");
        // The next line after a torn one is still read.
        j.append(&JournalEntry {
            table: "dvt_stg_m_r2".into(),
            state: "finished".into(),
            ..e.clone()
        })
        .unwrap();
        assert!(j.open_entries().unwrap().is_empty());
    }
}
