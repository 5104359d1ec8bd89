//! The errors of execution. Errors that come from a database keep that database's code
//! (DVT120–DVT123) and gain the model and the source they happened for.

use dvt_core::CoreError;
use dvt_planner::PlanError;

/// An error while running a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExecError {
    /// An extract failed on its source.
    #[error("model {model}: reading {what} on output '{connection}' failed: {message}")]
    Extract {
        /// The model.
        model: String,
        /// What was read (the sources of the extract).
        what: String,
        /// The output it runs on.
        connection: String,
        /// The database error's code (DVT120–DVT123).
        code: &'static str,
        /// The database's error (coded sentence).
        message: String,
    },
    /// Reading the schemas of the model's sources from their catalogs failed.
    #[error("model {model}: reading the schemas of its sources failed: {source}")]
    Discover {
        /// The model.
        model: String,
        /// The catalog or connection error (DVT116, DVT120, …).
        #[source]
        source: CoreError,
    },
    /// Rows of an extract do not fit the types the plan expects.
    #[error(
        "{code}: model {model}: the rows of {what} on output '{connection}' do not fit the planned types: {message}; declare the column's data_type to match the database, or cast it in the model", code = self.code()
    )]
    Shape {
        /// The model.
        model: String,
        /// The extract's sources.
        what: String,
        /// The output.
        connection: String,
        /// What did not fit.
        message: String,
    },
    /// The engine failed while running the transform.
    #[error("{code}: model {model}: the embedded engine failed: {source}", code = self.code())]
    Engine {
        /// The model.
        model: String,
        /// DataFusion's error.
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// The compute cannot run this model.
    #[error("{code}: model {model}: compute '{compute}' cannot run it: {message}", code = self.code())]
    Compute {
        /// The model.
        model: String,
        /// The compute's name.
        compute: String,
        /// Why, and what to do.
        message: String,
    },
    /// A pluggable executor (Spark Connect, …) failed outside any one extract; `message` is
    /// its full user-facing sentence and starts with `code`.
    #[error("{message}")]
    Executor {
        /// The executor's stable code (e.g. DVT510).
        code: &'static str,
        /// The executor's coded sentence (never holds a secret).
        message: String,
    },
    /// Writing the result into the target failed (the target table is left as it was).
    #[error("model {model}: writing into output '{connection}' failed: {source}")]
    Load {
        /// The model.
        model: String,
        /// The target output.
        connection: String,
        /// The database's error.
        #[source]
        source: CoreError,
    },
    /// Planning failed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A project or connection error.
    #[error(transparent)]
    Core(#[from] CoreError),
}

/// A database or load error outside any one extract or load keeps its code, as a
/// [`CoreError::Db`].
impl From<dvt_io::Error> for ExecError {
    fn from(e: dvt_io::Error) -> Self {
        Self::Core(e.into())
    }
}

impl ExecError {
    /// The stable code: the database's own for extract and load failures.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Extract { code, .. } => code,
            Self::Discover { source, .. } => source.code(),
            Self::Load { source, .. } => source.code(),
            Self::Shape { .. } => "DVT500",
            Self::Engine { .. } => "DVT501",
            Self::Compute { .. } => "DVT502",
            Self::Executor { code, .. } => code,
            Self::Plan(e) => e.code(),
            Self::Core(e) => e.code(),
        }
    }
}
