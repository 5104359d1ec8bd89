//! Translation errors (codes DVT300–DVT309).

use super::dialect::DbKind;

/// Why a piece of SQL could not be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranslateError {
    /// The input does not parse in its dialect.
    #[error(
        "{code}: cannot parse the {dialect} SQL: {message}; check the syntax, or pass the dialect the SQL is written in", code = self.code()
    )]
    Parse {
        /// The source dialect.
        dialect: DbKind,
        /// The parser's message.
        message: String,
    },
    /// The target dialect cannot express a construct.
    #[error("{code}: {construct} cannot be expressed in {target}: {hint}", code = self.code())]
    Unsupported {
        /// The construct (function or syntax) at fault.
        construct: String,
        /// The target dialect.
        target: DbKind,
        /// What to do instead.
        hint: String,
    },
    /// A function call with the wrong number of arguments.
    #[error("{code}: {function} takes {expected} argument(s) but {found} were given", code = self.code())]
    Arity {
        /// The function as written.
        function: String,
        /// The accepted counts.
        expected: String,
        /// The count given.
        found: usize,
    },
    /// A date part (unit) that dvt does not know.
    #[error(
        "{code}: unknown date part '{unit}' in {function}; use year, quarter, month, week, day, hour, minute or second", code = self.code()
    )]
    UnknownDatePart {
        /// The unit as written.
        unit: String,
        /// The function.
        function: String,
    },
    /// A format string element that has no equivalent in the target.
    #[error(
        "{code}: the format element '{element}' of {function} has no equivalent in {target}; rewrite the format without it", code = self.code()
    )]
    Format {
        /// The element.
        element: String,
        /// The function.
        function: String,
        /// The target dialect.
        target: DbKind,
    },
}

impl TranslateError {
    /// The stable code, e.g. `DVT301`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Parse { .. } => "DVT300",
            Self::Unsupported { .. } => "DVT301",
            Self::Arity { .. } => "DVT302",
            Self::UnknownDatePart { .. } => "DVT303",
            Self::Format { .. } => "DVT304",
        }
    }
}
