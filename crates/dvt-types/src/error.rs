//! The error type of this crate (codes DVT200–DVT205).

/// Everything that can go wrong in dvt-types. Only syntactically broken input is an error:
/// a well-formed but unknown type name parses to [`crate::DvtType::Unknown`].
///
/// Every message is a full sentence that says what is wrong and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    /// The type string was empty (or only whitespace).
    #[error(
        "{code}: cannot parse an empty type for dialect {dialect}; write the column type as the \
         database reports it, e.g. varchar(255)", code = self.code()
    )]
    Empty {
        /// The database kind the type was parsed for.
        dialect: String,
    },
    /// A parenthesis, bracket, angle bracket or quote is not closed (or closed twice).
    #[error(
        "{code}: cannot parse type `{native}` for dialect {dialect}: unbalanced {what}; write the type \
         as the database reports it, e.g. varchar(255) or decimal(10,2)", code = self.code()
    )]
    Unbalanced {
        /// The database kind the type was parsed for.
        dialect: String,
        /// The type string as given.
        native: String,
        /// Which delimiter is unbalanced ("parenthesis", "quote", …).
        what: &'static str,
    },
    /// A type parameter that must be a number is not one (`decimal(x,y)`).
    #[error(
        "{code}: cannot parse type `{native}` for dialect {dialect}: parameter `{param}` is not a \
         number; write numeric type parameters as digits, e.g. {example}", code = self.code()
    )]
    BadParameter {
        /// The database kind the type was parsed for.
        dialect: String,
        /// The type string as given.
        native: String,
        /// The offending parameter.
        param: String,
        /// An example of a correct spelling.
        example: &'static str,
    },
    /// More parameters than the type accepts (`varchar(1,2)`).
    #[error(
        "{code}: cannot parse type `{native}` for dialect {dialect}: it takes at most {max} \
         parameter(s) but {found} were given; write it like {example}", code = self.code()
    )]
    TooManyParameters {
        /// The database kind the type was parsed for.
        dialect: String,
        /// The type string as given.
        native: String,
        /// Maximum number of parameters the type accepts.
        max: usize,
        /// Number of parameters found.
        found: usize,
        /// An example of a correct spelling.
        example: &'static str,
    },
    /// A numeric parameter is outside the range any database accepts (`decimal(0)`).
    #[error("{code}: cannot parse type `{native}` for dialect {dialect}: {problem}", code = self.code())]
    OutOfRange {
        /// The database kind the type was parsed for.
        dialect: String,
        /// The type string as given.
        native: String,
        /// What is out of range and which values are allowed.
        problem: String,
    },
    /// A dialect name that dvt does not know.
    #[error(
        "{code}: unknown database kind `{name}`; use one of postgres, mysql, mariadb, sqlite, snowflake, \
         spark, databricks, duckdb, bigquery, redshift, sqlserver (tsql), trino, oracle, \
         clickhouse, datafusion", code = self.code()
    )]
    UnknownKind {
        /// The name as given.
        name: String,
    },
}

impl TypeError {
    /// The stable code of this error, e.g. `DVT201`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "DVT200",
            Self::Unbalanced { .. } => "DVT201",
            Self::BadParameter { .. } => "DVT202",
            Self::TooManyParameters { .. } => "DVT203",
            Self::OutOfRange { .. } => "DVT204",
            Self::UnknownKind { .. } => "DVT205",
        }
    }
}
