//! Federation warnings: the codes DVT001–DVT009 and one warning.
//!
//! A warning never stops a run; it tells the user that dvt did something other than the obvious
//! (coerced a materialization, lost type information, kept a predicate in the engine, …). Each
//! warning is emitted as a `tracing` event when it is recorded and is also returned to the caller,
//! so embedding tools can show or assert on them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The code of a federation warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WarningCode {
    /// DVT001: a materialization was coerced (e.g. `view` on the federation path becomes `table`).
    #[serde(rename = "DVT001")]
    Dvt001,
    /// DVT002: type information is lost on the way to the target (length, time zone, JSON, …).
    #[serde(rename = "DVT002")]
    Dvt002,
    /// DVT003: a translated construct may have different semantics in the target dialect.
    #[serde(rename = "DVT003")]
    Dvt003,
    /// DVT004: JSON access was translated and may behave differently.
    #[serde(rename = "DVT004")]
    Dvt004,
    /// DVT005: a predicate was not pushed down to a source (with the reason).
    #[serde(rename = "DVT005")]
    Dvt005,
    /// DVT006: a function is unsupported in the target dialect and was passed through or replaced.
    #[serde(rename = "DVT006")]
    Dvt006,
    /// DVT007: a join spans two sources and runs in the engine.
    #[serde(rename = "DVT007")]
    Dvt007,
    /// DVT008: the result passes through dvt's own process on its way to the target (a compute
    /// that cannot write into the target itself, e.g. Spark → Snowflake or SQLite).
    #[serde(rename = "DVT008")]
    Dvt008,
    /// DVT009: a column type declared in a source's yml differs from the type its database's
    /// catalog reports; the declared type is used (and the values are cast to it, checked).
    #[serde(rename = "DVT009")]
    Dvt009,
}

impl WarningCode {
    /// Every code, in order.
    pub const ALL: [WarningCode; 9] = [
        Self::Dvt001,
        Self::Dvt002,
        Self::Dvt003,
        Self::Dvt004,
        Self::Dvt005,
        Self::Dvt006,
        Self::Dvt007,
        Self::Dvt008,
        Self::Dvt009,
    ];

    /// The code as printed, e.g. `DVT002`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dvt001 => "DVT001",
            Self::Dvt002 => "DVT002",
            Self::Dvt003 => "DVT003",
            Self::Dvt004 => "DVT004",
            Self::Dvt005 => "DVT005",
            Self::Dvt006 => "DVT006",
            Self::Dvt007 => "DVT007",
            Self::Dvt008 => "DVT008",
            Self::Dvt009 => "DVT009",
        }
    }

    /// A one-line title of what the code means.
    pub fn title(self) -> &'static str {
        match self {
            Self::Dvt001 => "materialization coerced",
            Self::Dvt002 => "type information lost",
            Self::Dvt003 => "semantics may differ after translation",
            Self::Dvt004 => "JSON access translated",
            Self::Dvt005 => "predicate not pushed down",
            Self::Dvt006 => "unsupported function",
            Self::Dvt007 => "cross-source join",
            Self::Dvt008 => "result funnels through the client",
            Self::Dvt009 => "declared type differs from the catalog",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One federation warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FederationWarning {
    /// The warning's code.
    pub code: WarningCode,
    /// The model it concerns (`unique_id` or name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The source or connection it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A user-facing sentence: what happened and, where useful, what to do.
    pub message: String,
}

impl FederationWarning {
    /// A warning with a code and message, not yet tied to a model or source.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Self {
            code,
            model: None,
            source: None,
            message: message.into(),
        }
    }

    /// A DVT002 warning for a type loss reported by the TypeMapper, or `None` for a loss that is
    /// only informational (a widening where every value still fits).
    pub fn from_type_loss(loss: &crate::TypeLoss, column: &str) -> Option<Self> {
        (!loss.is_informational()).then(|| {
            Self::new(
                WarningCode::Dvt002,
                format!("column {column}: {}", loss.reason),
            )
        })
    }

    /// Tie the warning to a model.
    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Tie the warning to a source or connection.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for FederationWarning {
    /// `DVT002 [model.p.m] (source pg): message` — the code always comes first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(m) = &self.model {
            write!(f, " [{m}]")?;
        }
        if let Some(s) = &self.source {
            write!(f, " ({s})")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_print_and_serialize_as_dvt_numbers() {
        for (i, c) in WarningCode::ALL.iter().enumerate() {
            let expected = format!("DVT00{}", i + 1);
            assert_eq!(c.to_string(), expected);
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{expected}\""));
        }
    }

    #[test]
    fn type_losses_become_dvt002_except_widenings() {
        use crate::{DbKind, map_type};
        let m = map_type(DbKind::Postgres, "jsonb", DbKind::Spark).unwrap();
        let w = FederationWarning::from_type_loss(&m.losses[0], "metadata").unwrap();
        assert_eq!(w.code, WarningCode::Dvt002);
        assert!(
            w.message
                .starts_with("column metadata: jsonb becomes STRING on spark"),
            "{w}"
        );
        let m = map_type(DbKind::Postgres, "smallint", DbKind::Snowflake).unwrap();
        assert!(
            m.losses
                .iter()
                .all(|l| FederationWarning::from_type_loss(l, "c").is_none())
        );
    }
}
