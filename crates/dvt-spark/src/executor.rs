//! [`SparkConnectExecutor`]: a [`FederationPlan`] on a Spark Connect server (see the crate docs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use dvt_core::computes::{Compute, SparkExtracts};
use dvt_core::env::Environment;
use dvt_core::profiles::Connection;
use dvt_core::secret::{Secret, redact_all};
use dvt_engine::executor::plan_schema;
use dvt_engine::{
    Connectors, ExecError, Execution, Executor, ExecutorFactory, ExtractStats, PartitionPolicy,
    Written,
};
use dvt_io::connector::SchemaStream;
use dvt_io::connector::TableName;
use dvt_jdbc::{JarLocator, JdbcError, JdbcTarget, SparkWrite, jdbc_target, spark_write};
use dvt_planner::FederationPlan;
use dvt_planner::plan::{Extract, PlanColumn};
use dvt_types::DvtType;
use futures::{StreamExt, TryStreamExt};
use spark_connect::{DataFrame, SparkSession};

use crate::error::SparkExecError;
use crate::remote;
use crate::staging::{self, Staged};
use crate::types::{column_expr, quote, spark_type};
use dvt_io::arrow58::from_arrow58 as batch_from_arrow58;

/// Rows per JDBC round trip (Spark's `fetchsize` option) unless set otherwise.
pub const DEFAULT_FETCHSIZE: usize = 10_000;

/// Settings of every plan's session unless computes.yml's `config:` sets them: timestamps in
/// UTC (as the native connectors read them), and CHAR(n) columns a JDBC source reports (SQLite's
/// declared `CHAR(10)`, …) read as plain strings — without it Spark pads their values to n on
/// read, and `p_brand = 'Brand#12'` no longer matches (dvt treats padding as not data).
const SESSION_DEFAULTS: &[(&str, &str)] = &[
    ("spark.sql.session.timeZone", "UTC"),
    ("spark.sql.legacy.charVarcharAsString", "true"),
];

/// A plan's session with its extracts registered, as [`SparkConnectExecutor::execute`] and
/// [`SparkConnectExecutor::execute_into`] run it.
struct Prepared {
    session: SparkSession,
    stats: Vec<ExtractStats>,
    warnings: Vec<dvt_core::FederationWarning>,
    /// Whether `stats` count rows (staged extracts; Spark's JDBC reads are not counted).
    rows_counted: bool,
    /// The staged files, deleted when this is dropped (after the job).
    staged: Option<Staged>,
}

/// The key range of a partitioned JDBC read.
struct Split {
    column: String,
    lo: i64,
    hi: i64,
    partitions: usize,
}

/// How often a running call checks that the server still listens.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// Refused checks in a row after which the server is taken for gone (DVT517).
const WATCH_MISSES: usize = 3;

/// Longest accepted Spark message in an error (the rest is cut).
const MAX_MESSAGE: usize = 2_000;

/// Runs federated plans on a Spark Connect server (see the crate docs).
pub struct SparkConnectExecutor {
    compute: String,
    remote: String,
    config: Vec<(String, String)>,
    jars: JarLocator,
    /// How many extracts are registered with Spark at once (each resolves its schema on its
    /// source over JDBC).
    pub max_parallel_extracts: usize,
    /// Spark's JDBC `fetchsize` for every extract.
    pub fetchsize: usize,
    /// Which extracts are read over several JDBC connections (`partitionColumn`, …).
    pub partitioning: PartitionPolicy,
    /// Connection attempts (TCP) before DVT510; only refused / reset / timed-out connects are
    /// retried.
    pub connect_attempts: usize,
    /// Bound of each connection attempt and of the first request to the server.
    pub connect_timeout: Duration,
    /// Who reads the sources (computes.yml `extracts:`; see [`crate::staging`]).
    pub extracts: SparkExtracts,
    /// Where staged extracts are written (`None`: the system's temp directory).
    pub staging_dir: Option<PathBuf>,
    session: tokio::sync::OnceCell<SparkSession>,
    /// The staging directory Spark was found to read (`None`: JDBC reads), decided once.
    staging: tokio::sync::OnceCell<Option<PathBuf>>,
}

impl std::fmt::Debug for SparkConnectExecutor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SparkConnectExecutor")
            .field("compute", &self.compute)
            .field("remote", &self.remote)
            .field("config", &self.config)
            .field("max_parallel_extracts", &self.max_parallel_extracts)
            .field("fetchsize", &self.fetchsize)
            .field("connected", &self.session.initialized())
            .finish_non_exhaustive()
    }
}

impl SparkConnectExecutor {
    /// An executor for the compute `compute` on the server at `remote` (`sc://host:port`),
    /// finding driver jars with [`JarLocator::new`]`(None, env)`. Nothing connects until the
    /// first plan runs.
    pub fn new(
        compute: impl Into<String>,
        remote: impl Into<String>,
        env: &dyn Environment,
    ) -> Self {
        Self {
            compute: compute.into(),
            remote: remote.into(),
            config: Vec::new(),
            jars: JarLocator::new(None, env),
            max_parallel_extracts: 4,
            fetchsize: DEFAULT_FETCHSIZE,
            partitioning: PartitionPolicy::default(),
            connect_attempts: 3,
            connect_timeout: Duration::from_secs(5),
            extracts: SparkExtracts::Auto,
            staging_dir: None,
            session: tokio::sync::OnceCell::new(),
            staging: tokio::sync::OnceCell::new(),
        }
    }

    /// Spark SQL settings set on every session (computes.yml `config:`); runtime settings
    /// only — a static one (`spark.driver.memory`) belongs to the server's start.
    pub fn with_config(mut self, config: impl IntoIterator<Item = (String, String)>) -> Self {
        self.config.extend(config);
        self
    }

    /// Find driver jars with this locator (computes.yml `jdbc_jars_dir` first).
    pub fn with_jars(mut self, jars: JarLocator) -> Self {
        self.jars = jars;
        self
    }

    /// The server's address.
    pub fn remote(&self) -> &str {
        &self.remote
    }

    fn unreachable(&self, reason: impl Into<String>) -> SparkExecError {
        SparkExecError::Unreachable {
            compute: self.compute.clone(),
            remote: self.remote.clone(),
            reason: reason.into(),
        }
    }

    /// The session every plan's own session is made from, connected once.
    async fn base(&self) -> Result<SparkSession, SparkExecError> {
        self.session
            .get_or_try_init(|| async {
                let (host, port) = remote::host_port(&self.remote).map_err(|m| {
                    SparkExecError::Config {
                        compute: self.compute.clone(),
                        message: format!("{m}; set `remote: sc://host:port` in computes.yml"),
                    }
                })?;
                remote::probe(
                    &host,
                    port,
                    self.connect_attempts,
                    self.connect_timeout,
                    Duration::from_millis(500),
                )
                .await
                .map_err(|r| self.unreachable(r))?;
                let url = self.remote.clone();
                let first = blocking(move || {
                    let s = SparkSession::builder().remote(&url).get_or_create()?;
                    s.version()?;
                    Ok::<_, spark_connect::SparkError>(s)
                });
                // The client retries an unanswered server for many minutes: bound it.
                match tokio::time::timeout(self.connect_timeout * 6, first).await {
                    Err(_) => Err(self.unreachable(format!(
                        "port {port} accepts connections but no Spark Connect server answered within {} s",
                        (self.connect_timeout * 6).as_secs()
                    ))),
                    Ok(Err(e)) => Err(self.unreachable(e)),
                    Ok(Ok(Err(e))) => Err(self.unreachable(short(&e.to_string()))),
                    Ok(Ok(Ok(s))) => Ok(s),
                }
            })
            .await
            .cloned()
    }

    /// A fresh server-side session for one plan (its temp views are its own), configured —
    /// watched as every call is ([`Self::guarded`]): the server may have gone away while dvt
    /// staged the extracts.
    async fn plan_session(&self, model: &str) -> Result<SparkSession, SparkExecError> {
        let session = self.base().await?.new_session();
        let mut config = self.config.clone();
        for (key, value) in SESSION_DEFAULTS.iter().rev() {
            if !config.iter().any(|(k, _)| k == key) {
                config.insert(0, (key.to_string(), value.to_string()));
            }
        }
        let s = session.clone();
        let set = blocking(move || {
            for (k, v) in &config {
                if let Err(e) = s.conf().set(k, v) {
                    return Ok::<_, spark_connect::SparkError>(Some((k.clone(), e.to_string())));
                }
            }
            Ok(None)
        });
        let refused = self
            .guarded(model, set)
            .await?
            .map_err(|e| self.unreachable(short(&e.to_string())))?;
        if let Some((k, e)) = refused {
            if let Some(lost) = self.lost(model).await {
                return Err(lost);
            }
            return Err(SparkExecError::Config {
                compute: self.compute.clone(),
                message: format!(
                    "Spark refuses the setting {k}: {}; remove it from `config:` in computes.yml (static settings such as spark.driver.memory belong to the server's start)",
                    short(&e)
                ),
            });
        }
        Ok(session)
    }

    /// Stops a plan's session after a failure, waiting at most `connect_timeout` (a server
    /// that went away is not waited for; the client may go on retrying in its thread).
    async fn release(&self, session: &SparkSession) {
        let s = session.clone();
        let _ = tokio::time::timeout(self.connect_timeout, blocking(move || s.stop())).await;
    }

    /// The JDBC URL, driver and properties of an output: the row whose jar is installed here
    /// (MySQL: Connector/J, else MariaDB's driver); with no jar here the server may still have
    /// one (a remote server): the primary row.
    fn jdbc(&self, conn: &Connection) -> Result<JdbcTarget, String> {
        match self.jars.resolve(conn) {
            Ok((t, _jar)) => Ok(t),
            Err(JdbcError::DriverMissing { .. }) => jdbc_target(conn).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Await a Spark Connect call, failing with DVT517 when the server goes away meanwhile:
    /// the client retries an unavailable server for many minutes, so dvt checks the server's
    /// port every second and gives up after three refused checks in a row.
    ///
    /// A call that fails while the server no longer listens is DVT517 too (a killed server
    /// often ends the running call with a bare transport error).
    async fn guarded<T>(
        &self,
        model: &str,
        call: impl std::future::Future<Output = Result<Result<T, spark_connect::SparkError>, String>>,
    ) -> Result<Result<T, spark_connect::SparkError>, SparkExecError> {
        let lost = |reason: String| SparkExecError::Lost {
            model: model.to_string(),
            compute: self.compute.clone(),
            remote: self.remote.clone(),
            reason,
        };
        let Ok((host, port)) = remote::host_port(&self.remote) else {
            return call.await.map_err(|e| self.unreachable(e));
        };
        tokio::pin!(call);
        let mut misses = 0;
        loop {
            tokio::select! {
                out = &mut call => {
                    let out = out.map_err(|e| self.unreachable(e))?;
                    if let Err(e) = &out
                        && let Err(gone) = remote::probe(&host, port, 2, WATCH_EVERY * 2, WATCH_EVERY / 2).await
                    {
                        return Err(lost(format!("{gone}; the running call ended with: {}", short(&e.to_string()))));
                    }
                    return Ok(out);
                }
                () = tokio::time::sleep(WATCH_EVERY) => {
                    match remote::probe(&host, port, 1, WATCH_EVERY * 2, Duration::ZERO).await {
                        Ok(()) => misses = 0,
                        Err(e) => {
                            misses += 1;
                            if misses >= WATCH_MISSES {
                                return Err(lost(e));
                            }
                        }
                    }
                }
            }
        }
    }

    /// A plan's session with every extract registered as a temp view (the session is stopped
    /// again when an extract fails): staged files when Spark reads the staging directory, else
    /// JDBC reads.
    async fn prepare(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Prepared, ExecError> {
        if let Some(reason) = &plan.transform.spark_refusal {
            return Err(SparkExecError::Refused {
                model: plan.model.clone(),
                reason: reason.clone(),
            }
            .into());
        }
        match self.staging_root().await? {
            Some(root) => self.prepare_staged(plan, connectors, &root).await,
            None if plan.extracts.iter().any(|x| !x.staged.is_empty()) => {
                Err(SparkExecError::Refused {
                    model: plan.model.clone(),
                    reason: "its plan stages one server's rows in another's session (federation strategy move), which needs dvt to read the extracts, and Spark reads them over JDBC here (extracts: jdbc, or a staging directory the server cannot read); set `federation: {strategy: semi_join}` on the model, or let Spark read staged extracts".into(),
                }
                .into())
            }
            None => self.prepare_jdbc(plan, connectors).await,
        }
    }

    /// The staging directory Spark reads, decided once per executor: none for `extracts:
    /// jdbc`; else `staging_dir` (or the temp directory) when the server reads back a probe
    /// file written there — when it does not, `auto` falls back to JDBC and `staged` fails
    /// (DVT520).
    async fn staging_root(&self) -> Result<Option<PathBuf>, SparkExecError> {
        self.staging
            .get_or_try_init(|| async {
                if self.extracts == SparkExtracts::Jdbc {
                    return Ok(None);
                }
                let root = self
                    .staging_dir
                    .clone()
                    .unwrap_or_else(|| std::env::temp_dir().join("dvt-spark-staging"));
                match self.server_reads(&root).await {
                    Ok(()) => Ok(Some(root)),
                    Err(reason) if self.extracts == SparkExtracts::Auto => {
                        tracing::info!(compute = %self.compute, "extracts read by Spark over JDBC: {reason}");
                        Ok(None)
                    }
                    Err(reason) => Err(SparkExecError::Staging {
                        compute: self.compute.clone(),
                        message: reason,
                    }),
                }
            })
            .await
            .cloned()
    }

    /// Whether the server reads the probe file dvt writes in `root` (see
    /// [`staging::probe_file`]); why not.
    async fn server_reads(&self, root: &Path) -> Result<(), String> {
        let (file, token) = staging::probe_file(root)?;
        let uri = staging::file_uri(file.path());
        let base = self.base().await.map_err(|e| e.to_string())?;
        let read_uri = uri.clone();
        let read = blocking(move || {
            base.read()
                .format("parquet")
                .load(Some(&read_uri))
                .collect_record_batches()
        });
        let batches = self
            .guarded("(staging probe)", read)
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| {
                format!(
                    "the Spark server at {} cannot read {uri}, which dvt wrote: {}",
                    self.remote,
                    short(&e.to_string())
                )
            })?;
        let seen = batches
            .first()
            .map(batch_from_arrow58)
            .transpose()?
            .and_then(|b| {
                use arrow_array::{Array, cast::AsArray};
                let c = b.column(0).as_string_opt::<i32>()?;
                (c.len() == 1).then(|| c.value(0).to_string())
            });
        if seen.as_deref() == Some(token.as_str()) {
            Ok(())
        } else {
            Err(format!(
                "the Spark server at {} reads another file at {uri} than the one dvt wrote",
                self.remote
            ))
        }
    }

    /// Every extract read by dvt and staged as Parquet under `root` ([`staging`]), then
    /// registered as a temp view of those files.
    async fn prepare_staged(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
        root: &Path,
    ) -> Result<Prepared, ExecError> {
        // Types first: an unsupported one fails before anything is read.
        let mut columns = Vec::with_capacity(plan.extracts.len());
        for x in &plan.extracts {
            columns.push(planned(&plan.model, &what_of(x), &x.columns)?);
        }
        let started = std::time::Instant::now();
        let mut staged = staging::stage(
            plan,
            connectors,
            root,
            &self.compute,
            self.max_parallel_extracts,
            &self.partitioning,
        )
        .await?;
        tracing::debug!(model = %plan.model, seconds = started.elapsed().as_secs_f64(), "spark: extracts staged");
        let session = self.plan_session(&plan.model).await?;
        let views: Vec<(String, String, Planned)> = plan
            .extracts
            .iter()
            .zip(columns)
            .enumerate()
            .map(|(i, (x, c))| (x.name.clone(), staged.uri(i), c))
            .collect();
        let s = session.clone();
        let registered = blocking(move || {
            views.iter().try_for_each(|(view, uri, columns)| {
                let raw = s.read().format("parquet").load(Some(uri));
                columns
                    .apply(raw)
                    .create_or_replace_temp_view(view)
                    .map_err(|e| format!("Spark cannot read {uri}: {}", short(&e.to_string())))
            })
        });
        let registered = self.guarded(&plan.model, async move {
            registered.await.map(Ok::<_, spark_connect::SparkError>)
        });
        let failed = match registered.await {
            Ok(Ok(Ok(()))) => None,
            Ok(Ok(Err(message))) => Some(ExecError::from(SparkExecError::Staging {
                compute: self.compute.clone(),
                message: format!("model {}: {message}", plan.model),
            })),
            Ok(Err(e)) => Some(self.unreachable(e.to_string()).into()),
            Err(e) => Some(e.into()),
        };
        if let Some(e) = failed {
            self.release(&session).await;
            return Err(e);
        }
        tracing::debug!(model = %plan.model, seconds = started.elapsed().as_secs_f64(), "spark: staged extracts registered");
        Ok(Prepared {
            session,
            stats: std::mem::take(&mut staged.stats),
            warnings: std::mem::take(&mut staged.warnings),
            rows_counted: true,
            staged: Some(staged),
        })
    }

    /// Every extract registered as a Spark JDBC read (join keys pushed first).
    async fn prepare_jdbc(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Prepared, ExecError> {
        let profile = connectors.profile().ok_or_else(|| SparkExecError::Config {
            compute: self.compute.clone(),
            message: format!(
                "model {}: the Spark executor reads sources over JDBC and needs the profile's outputs, but it was given connectors without a profile",
                plan.model
            ),
        })?;
        let mut conns = Vec::with_capacity(plan.extracts.len());
        for x in &plan.extracts {
            conns.push(profile.output(&x.connection, &format!("model {}", plan.model))?);
        }
        for x in &plan.extracts {
            tracing::debug!(model = %plan.model, extract = %x.name, output = %x.connection, sql = %x.sql, "spark: JDBC extract");
        }
        tracing::debug!(model = %plan.model, sql = %plan.transform.spark_sql, "spark: transform");
        // The small sides of a join read natively first, their keys filter the big sides.
        let pushed = dvt_engine::key_pushed_sql(plan, connectors).await?;
        let session = self.plan_session(&plan.model).await?;
        // One temp view per extract (Spark reads them when the transform runs).
        let conns = &conns;
        let session_ref = &session;
        let pushed_ref = &pushed;
        let registered = futures::stream::iter(0..plan.extracts.len())
            .map(|i| async move {
                let x = Extract {
                    sql: pushed_ref.sql[i].clone(),
                    ..plan.extracts[i].clone()
                };
                let partitions = self
                    .register(session_ref, plan, &x, conns[i], connectors)
                    .await?;
                Ok::<_, SparkExecError>(ExtractStats {
                    name: x.name.clone(),
                    connection: x.connection.clone(),
                    partitions,
                    pushed_keys: pushed_ref.pushed_keys[i],
                    ..ExtractStats::default()
                })
            })
            .buffered(self.max_parallel_extracts.max(1))
            .try_collect::<Vec<ExtractStats>>()
            .await;
        match registered {
            Ok(stats) => Ok(Prepared {
                session,
                stats,
                warnings: pushed.warnings,
                rows_counted: false,
                staged: None,
            }),
            Err(e) => {
                self.release(&session).await;
                Err(e.into())
            }
        }
    }

    /// The key range of a partitioned extract ([`PartitionPolicy::choose`], the bounds read
    /// on the source by its native connector), or `None` for one connection. Spark's JDBC
    /// reader puts the rows below the first stride, and the NULL keys, into the first
    /// partition and the rows above the last into the last: every row is read exactly once.
    async fn partition_bounds(
        &self,
        x: &Extract,
        connectors: &Connectors,
    ) -> Result<Option<Split>, String> {
        if self.partitioning.splits_nothing() {
            return Ok(None);
        }
        // A configured split needs the bounds; the catalog's estimate is only a speed-up, so a
        // source this process cannot reach (only the Spark cluster may) is read in one piece.
        let configured = self.partitioning.configured(x);
        let c = match connectors.get(&x.connection).await {
            Ok(c) => c,
            Err(e) if configured.is_some() => return Err(e.to_string()),
            Err(e) => {
                tracing::debug!(extract = %x.name, "no catalog estimate ({e}): one JDBC connection");
                return Ok(None);
            }
        };
        let p = match configured {
            Some(p) => p,
            None => match self.partitioning.auto(x, &x.sql, c.as_ref()).await {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        let col = TableName::new(None, &p.column).quoted(c.quote());
        let (lo, hi) = c
            .query_bounds(&format!(
                "SELECT MIN({col}), MAX({col}) FROM ({}) dvt_p",
                x.sql
            ))
            .await
            .map_err(|e| e.to_string())?;
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Ok(None);
        };
        let span = u64::try_from(i128::from(hi) - i128::from(lo) + 1).unwrap_or(u64::MAX);
        let partitions = (p.partitions as u64).min(span) as usize;
        Ok((partitions > 1).then_some(Split {
            column: p.column,
            lo,
            hi,
            partitions,
        }))
    }

    /// Register one extract as a temp view named as the transform reads it.
    /// After a job of `session` failed: release the session, and when one extract's read
    /// alone fails ([`failing_read`]), fail with that read's DVT512 (naming the source, its
    /// message redacted of that source's secrets) instead of the job's error.
    async fn after_failure(
        &self,
        session: &SparkSession,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<(), ExecError> {
        let s = session.clone();
        let views = extract_views(plan);
        let probe = blocking(move || {
            let culprit = failing_read(&s, &views);
            let _ = s.stop();
            Ok::<_, spark_connect::SparkError>(culprit)
        });
        let culprit = self.guarded(&plan.model, probe).await?.ok().flatten();
        // A server that went away fails every read too: that is DVT517, not a source's fault.
        if culprit.is_some()
            && let Some(lost) = self.lost(&plan.model).await
        {
            return Err(lost.into());
        }
        match self.read_failure(plan, connectors, culprit) {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// DVT517 when the Spark server no longer answers (3 refused probes), else `None`.
    async fn lost(&self, model: &str) -> Option<SparkExecError> {
        let (host, port) = remote::host_port(&self.remote).ok()?;
        let gone = remote::probe(&host, port, 3, WATCH_EVERY * 2, WATCH_EVERY / 2)
            .await
            .err()?;
        Some(SparkExecError::Lost {
            model: model.to_string(),
            compute: self.compute.clone(),
            remote: self.remote.clone(),
            reason: gone,
        })
    }

    fn read_failure(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
        culprit: Option<(usize, String)>,
    ) -> Option<SparkExecError> {
        let (i, message) = culprit?;
        let x = plan.extracts.get(i)?;
        let secrets: Vec<Secret> = connectors
            .profile()
            .and_then(|p| p.outputs.get(&x.connection))
            .map(|c| c.secrets().into_iter().cloned().collect())
            .unwrap_or_default();
        Some(SparkExecError::Extract {
            model: plan.model.clone(),
            what: what_of(x),
            connection: x.connection.clone(),
            message: short(&redact_all(&message, &secrets)),
        })
    }

    async fn register(
        &self,
        session: &SparkSession,
        plan: &FederationPlan,
        x: &Extract,
        conn: &Connection,
        connectors: &Connectors,
    ) -> Result<usize, SparkExecError> {
        let what = what_of(x);
        let model = plan.model.clone();
        // Types first: an unsupported one fails before anything is sent.
        let columns = planned(&model, &what, &x.columns)?;
        let extract_err = |message: String| SparkExecError::Extract {
            model: model.clone(),
            what: what.clone(),
            connection: x.connection.clone(),
            message,
        };
        let target = self.jdbc(conn).map_err(extract_err)?;
        let secrets: Vec<Secret> = target.secrets().into_iter().cloned().collect();
        let mut options: HashMap<String, String> = target.to_spark_options().into_iter().collect();
        options.insert("dbtable".into(), format!("({}) dvt_extract", x.sql));
        options.insert("fetchsize".into(), self.fetchsize.to_string());
        // dvt decided which filters the source may evaluate (a string comparison is not sent
        // to a case-insensitive MariaDB); Spark must not push the transform's filters into the
        // read on its own (its MySQL dialect also writes `LIKE … ESCAPE '\'`, an unterminated
        // string in a session with backslash escapes).
        options.insert("pushDownPredicate".into(), "false".into());
        let mut split_on = None;
        let partitions = match self.partition_bounds(x, connectors).await {
            Ok(Some(split)) => {
                split_on = Some(split.column.clone());
                options.insert("partitionColumn".into(), split.column);
                options.insert("lowerBound".into(), split.lo.to_string());
                options.insert("upperBound".into(), split.hi.to_string());
                options.insert("numPartitions".into(), split.partitions.to_string());
                split.partitions
            }
            Ok(None) => 1,
            Err(e) => return Err(extract_err(e)),
        };
        let spec = dvt_jdbc::JdbcSpec::for_adapter(conn.adapter);
        if let Some(init) = spec.session_init {
            options.insert("sessionInitStatement".into(), init.into());
        }
        if let Some(schema) = raw_schema(spec.text_columns, &x.columns, split_on.as_deref()) {
            options.insert("customSchema".into(), schema);
        }
        let s = session.clone();
        let view = x.name.clone();
        let registered = blocking(move || {
            let raw = s.read().format("jdbc").options(options).load(None);
            columns.apply(raw).create_or_replace_temp_view(&view)
        });
        let out = self.guarded(&plan.model, registered).await?;
        let Err(e) = out else {
            return Ok(partitions);
        };
        let text = redact_all(&e.to_string(), &secrets);
        let trace = redact_all(&e.get_stacktrace().unwrap_or_default(), &secrets);
        let class = target.driver_class;
        let no_driver = [&text, &trace].iter().any(|t| {
            (t.contains("ClassNotFoundException") && t.contains(class))
                || t.contains("No suitable driver")
        });
        if no_driver {
            return Err(SparkExecError::DriverMissing {
                model,
                what,
                remote: self.remote.clone(),
                output: x.connection.clone(),
                adapter: target.adapter.to_string(),
                driver_class: class.to_string(),
                patterns: target.jar.patterns_text(),
                hint: target.jar.hint(),
            });
        }
        // A server killed while it read fails the read first (the connection breaks before
        // its port closes): that is DVT517, not the source's fault.
        if let Some(lost) = self.lost(&plan.model).await {
            return Err(lost);
        }
        Err(extract_err(short(&text)))
    }
}

/// The types Spark's JDBC reader reads an extract's columns as (`customSchema`, matched by
/// name; a column not in it is read as Spark maps the driver's type), when its own choice
/// fails:
/// - SQLite keeps dates and timestamps as text, which its driver's `getDate` cannot parse, and
///   any column may hold a value of another type — every non-binary SQLite column is read as
///   text and cast to its planned type by Spark (the same checked cast the embedded executor
///   applies);
/// - a decimal column of any other source is read as its planned `DECIMAL(p,s)` directly.
///   Spark maps a driver's `DECIMAL(p,s)` with p > 38 to `DECIMAL(38, s - (p - 38))` (at
///   least scale 0): it keeps the integer digits and **rounds away fraction digits** on read,
///   before any cast. MariaDB types `SUM` of a `DECIMAL(31,4)` as `DECIMAL(53,4)`, so a pushed
///   `sum(l_extendedprice * (1 - l_discount))` arrived as whole numbers, no longer equal to the
///   same sum computed in the transform (TPC-H q15 on the split path found no supplier). Read
///   as the planned type, each value is the driver's `BigDecimal` rounded (half up) to the
///   planned scale, and one that does not fit the planned precision is an error, not a
///   different number;
/// - the column a partitioned read splits on (`split_on`) stays a `BIGINT`, as Spark's range
///   partitioning needs a numeric column (an integer key, chosen from the catalog's primary
///   key or configured).
fn raw_schema(
    text_columns: bool,
    columns: &[PlanColumn],
    split_on: Option<&str>,
) -> Option<String> {
    let cols: Vec<String> = columns
        .iter()
        .filter_map(|c| {
            let t = c.ty.parse::<DvtType>().ok();
            let raw = if split_on == Some(c.name.as_str()) {
                if !text_columns {
                    return None;
                }
                "BIGINT".to_string()
            } else if text_columns {
                if matches!(t, Some(DvtType::Binary { .. })) {
                    "BINARY".to_string()
                } else {
                    "STRING".to_string()
                }
            } else {
                match &t {
                    Some(d @ DvtType::Decimal { .. }) => spark_type(d)?,
                    _ => return None,
                }
            };
            Some(format!("{} {raw}", quote(&c.name)))
        })
        .collect();
    (!cols.is_empty()).then(|| cols.join(", "))
}

/// Planned columns in Spark: their names and the Spark SQL expressions that give them their
/// planned types.
struct Planned {
    names: Vec<String>,
    exprs: Vec<String>,
}

impl Planned {
    /// `df`'s columns renamed by position to the planned names and cast to the planned types.
    fn apply(&self, df: DataFrame) -> DataFrame {
        df.to_df(self.names.iter().map(String::as_str).collect())
            .select_expr(self.exprs.iter().map(String::as_str).collect())
    }
}

/// The [`Planned`] columns of `columns`; DVT514 for a type Spark lacks.
fn planned(model: &str, what: &str, columns: &[PlanColumn]) -> Result<Planned, SparkExecError> {
    let mut names = Vec::with_capacity(columns.len());
    let mut exprs = Vec::with_capacity(columns.len());
    for c in columns {
        let t: DvtType = c.ty.parse().unwrap_or(DvtType::Unknown {
            native: c.ty.clone(),
        });
        let e = column_expr(&c.name, &t).ok_or_else(|| SparkExecError::UnsupportedType {
            model: model.to_string(),
            what: what.to_string(),
            column: c.name.clone(),
            ty: c.ty.clone(),
        })?;
        names.push(c.name.clone());
        exprs.push(e);
    }
    Ok(Planned { names, exprs })
}

/// A Spark message without its Java stack trace, cut to [`MAX_MESSAGE`] characters.
fn short(m: &str) -> String {
    let m = m.split("\n\tat ").next().unwrap_or(m).trim();
    match m.char_indices().nth(MAX_MESSAGE) {
        Some((i, _)) => format!("{} …", &m[..i]),
        None => m.to_string(),
    }
}

fn what_of(x: &Extract) -> String {
    if x.sources.is_empty() {
        format!("extract {}", x.name)
    } else {
        x.sources.join(", ")
    }
}

/// Run the (synchronous) Spark Connect client off the async threads: it drives its own runtime.
/// The temp view of each extract (named as the extract), in plan order.
fn extract_views(plan: &FederationPlan) -> Vec<String> {
    plan.extracts.iter().map(|x| x.name.clone()).collect()
}

/// After a Spark job failed: the first extract whose read alone fails, with Spark's message,
/// so that a source's error is reported as the read it is (DVT512, naming the source), not as
/// a failed transform or write. Spark reads the JDBC extracts lazily, inside the job.
fn failing_read(s: &SparkSession, views: &[String]) -> Option<(usize, String)> {
    views.iter().enumerate().find_map(|(i, v)| {
        // Every row and column is read (hashed), as the job read them: a LIMIT or a count
        // would let the source skip the row or the column that failed.
        let probe = format!("SELECT max(hash(*)) FROM {v}");
        s.sql(&probe)
            .and_then(|df| df.collect_record_batches())
            .err()
            .map(|e| (i, e.to_string()))
    })
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| format!("the Spark Connect client failed: {e}"))
}

#[async_trait]
impl Executor for SparkConnectExecutor {
    fn kind(&self) -> &'static str {
        "spark"
    }

    fn computes_elsewhere(&self) -> bool {
        true
    }

    async fn execute(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Execution, ExecError> {
        // The planned output, cast in Spark (as for the JDBC write): Spark's own result types
        // can differ from the plan's — `date - date` is an INTERVAL DAY, which Arrow carries
        // as microseconds, while its cast to BIGINT is the days the plan means.
        let output = planned(&plan.model, "the model's result", &plan.output_columns)?;
        let prepared = self.prepare(plan, connectors).await?;
        let session = prepared.session.clone();
        // The transform, collected as Arrow; the session is released either way.
        let sql = plan.transform.spark_sql.clone();
        let s = session.clone();
        let collected = blocking(move || {
            let out = s
                .sql(&sql)
                .and_then(|df| output.apply(df).collect_record_batches());
            if out.is_ok() {
                let _ = s.stop();
            }
            out
        });
        let collected = self.guarded(&plan.model, collected).await?;
        if collected.is_err() {
            self.after_failure(&session, plan, connectors).await?;
        }
        // The job is over: its staged files go.
        drop(prepared.staged);
        let batches = collected.map_err(|e| SparkExecError::Transform {
            model: plan.model.clone(),
            message: short(&e.to_string()),
        })?;
        // Arrow 58 → 59, cast to the planned output.
        let schema = plan_schema(&plan.output_columns);
        let result_err = |message: String| SparkExecError::Result {
            model: plan.model.clone(),
            message,
        };
        let mut out = Vec::with_capacity(batches.len());
        for b in &batches {
            let b = batch_from_arrow58(b).map_err(result_err)?;
            let b =
                dvt_connectors::cast_batch(&b, &schema).map_err(|e| result_err(e.to_string()))?;
            out.push(Ok(b));
        }
        Ok(Execution {
            stream: SchemaStream {
                schema,
                stream: Box::pin(futures::stream::iter(out)),
            },
            stats: Arc::new(Mutex::new(prepared.stats)),
            failure: Arc::new(Mutex::new(None)),
            warnings: prepared.warnings,
            rows_counted: prepared.rows_counted,
        })
    }

    /// Only when dvt reads the extracts for it (staged files); over JDBC Spark reads each
    /// extract itself and cannot see another session's staged tables.
    async fn stages_inputs(&self) -> bool {
        matches!(self.staging_root().await, Ok(Some(_)))
    }

    fn writes_into(&self, target: &Connection) -> Result<(), String> {
        match spark_write(target.adapter) {
            SparkWrite::Jdbc { .. } => Ok(()),
            SparkWrite::Client { reason } => Err(format!(
                "Spark does not write into {} itself: {reason}",
                target.adapter
            )),
        }
    }

    async fn execute_into(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
        target: &str,
        table: &TableName,
    ) -> Result<Written, ExecError> {
        let model = plan.model.clone();
        let write_err = |message: String| SparkExecError::Write {
            model: model.clone(),
            output: target.to_string(),
            table: table.to_string(),
            message,
        };
        let conn = connectors
            .profile()
            .ok_or_else(|| write_err("the executor was given connectors without a profile".into()))?
            .output(target, &format!("model {}", plan.model))?;
        let SparkWrite::Jdbc { options: extra } = spark_write(conn.adapter) else {
            return Err(
                write_err(format!("Spark does not write into {} itself", conn.adapter)).into(),
            );
        };
        let jdbc = self.jdbc(conn).map_err(&write_err)?;
        let secrets: Vec<Secret> = jdbc.secrets().into_iter().cloned().collect();
        let quote = connectors.get(target).await?.quote();
        let mut options: HashMap<String, String> = jdbc.to_spark_options().into_iter().collect();
        options.insert("dbtable".into(), table.quoted(quote));
        for (k, v) in extra {
            options.insert(k.to_string(), v.to_string());
        }
        // The planned output: renamed by position, cast to the staging table's types (a value
        // that does not fit fails in Spark, as the embedded engine's checked cast does).
        let output = planned(&model, "the model's result", &plan.output_columns)?;
        let prepared = self.prepare(plan, connectors).await?;
        let session = prepared.session.clone();
        tracing::debug!(model = %plan.model, output = %target, table = %table, "spark: JDBC write into the staging table");
        let sql = plan.transform.spark_sql.clone();
        let s = session.clone();
        let wrote = blocking(move || {
            let out = s.sql(&sql).and_then(|df| {
                output
                    .apply(df)
                    .write()
                    .format("jdbc")
                    .mode("append")
                    .options(options)
                    .save(None)
            });
            if out.is_ok() {
                let _ = s.stop();
            }
            out
        });
        let wrote = self.guarded(&plan.model, wrote).await?;
        if wrote.is_err() {
            self.after_failure(&session, plan, connectors).await?;
        }
        drop(prepared.staged);
        wrote.map_err(|e| write_err(short(&redact_all(&e.to_string(), &secrets))))?;
        Ok(Written {
            stats: prepared.stats,
            rows_counted: prepared.rows_counted,
            warnings: prepared.warnings,
        })
    }
}

/// Makes a [`SparkConnectExecutor`] for every `type: spark` compute of computes.yml; register
/// it with [`dvt_engine::ProjectRunner::with_executor_factory`].
#[derive(Debug, Clone, Default)]
pub struct SparkExecutorFactory;

impl ExecutorFactory for SparkExecutorFactory {
    fn kind(&self) -> &'static str {
        "spark"
    }

    fn create(
        &self,
        name: &str,
        compute: &Compute,
        env: &dyn Environment,
        partitioning: &PartitionPolicy,
    ) -> Result<Arc<dyn Executor>, ExecError> {
        let Compute::Spark {
            remote,
            master,
            config,
            jdbc_jars_dir,
            max_parallel_extracts,
            extracts,
            staging_dir,
        } = compute
        else {
            return Err(SparkExecError::Config {
                compute: name.to_string(),
                message: "is not a `type: spark` compute".into(),
            }
            .into());
        };
        let Some(remote) = remote else {
            return Err(SparkExecError::Config {
                compute: name.to_string(),
                message: format!(
                    "`master: {}` without `remote:` is not supported: dvt talks to Spark over Spark Connect only; start a Connect server (`dvt sync --start`) and set `remote: sc://127.0.0.1:15002`",
                    master.as_deref().unwrap_or_default()
                ),
            }
            .into());
        };
        let mut e = SparkConnectExecutor::new(name, remote.clone(), env)
            .with_config(config.iter().map(|(k, v)| (k.clone(), v.clone())))
            .with_jars(JarLocator::new(jdbc_jars_dir.as_deref(), env));
        e.partitioning = partitioning.clone();
        e.extracts = *extracts;
        e.staging_dir.clone_from(staging_dir);
        if let Some(n) = max_parallel_extracts {
            e.max_parallel_extracts = *n;
        }
        Ok(Arc::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvt_core::profiles::DbKind;

    fn col(name: &str, ty: &str) -> PlanColumn {
        PlanColumn {
            name: name.into(),
            ty: ty.into(),
            nullable: true,
        }
    }

    #[test]
    fn raw_schema_reads_decimals_as_planned_and_sqlite_as_text() {
        let cols = [
            col("k", "int64"),
            col("total", "decimal(38,4)"),
            col("b", "binary"),
            col("d", "date"),
        ];
        // A server's decimal at its planned precision and scale (Spark's own mapping of a
        // driver's DECIMAL(53,4) is DECIMAL(38,0)); other columns as Spark maps them.
        let text = |a| dvt_jdbc::JdbcSpec::for_adapter(a).text_columns;
        for a in [DbKind::MariaDb, DbKind::MySql, DbKind::Postgres] {
            assert_eq!(
                raw_schema(text(a), &cols, None).as_deref(),
                Some("`total` DECIMAL(38,4)"),
                "{a:?}"
            );
        }
        assert_eq!(
            raw_schema(text(DbKind::Postgres), &cols[..1], None),
            None,
            "no decimal: no customSchema"
        );
        assert_eq!(
            raw_schema(text(DbKind::Sqlite), &cols, None).as_deref(),
            Some("`k` STRING, `total` STRING, `b` BINARY, `d` STRING")
        );
        // Spark splits a partitioned read on a numeric column: the key stays an integer.
        assert_eq!(
            raw_schema(text(DbKind::Sqlite), &cols, Some("k")).as_deref(),
            Some("`k` BIGINT, `total` STRING, `b` BINARY, `d` STRING")
        );
        assert_eq!(
            raw_schema(text(DbKind::Postgres), &cols, Some("k")).as_deref(),
            Some("`total` DECIMAL(38,4)")
        );
    }
}
