//! Loss reports produced when a type is rendered for a dialect that cannot hold it exactly.

use serde::{Deserialize, Serialize};

/// Machine-readable category of a [`TypeLoss`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// A length limit is no longer enforced (the target type is unbounded or ignores it).
    LengthLost,
    /// The target's largest type is shorter than the source: long values are rejected or
    /// truncated.
    LengthTruncated,
    /// A fixed-length `char(n)` becomes a variable-length string: values are not blank-padded.
    CharAsVarchar,
    /// The target has no time-zone-aware timestamp: the zone is dropped, values become UTC
    /// wall-clock readings.
    TimezoneSemantics,
    /// JSON is stored as plain text.
    JsonAsString,
    /// The target's JSON type cannot hold every JSON number exactly (rounded).
    JsonNumberPrecision,
    /// JSON text kept as written becomes the target's normalizing JSON type: duplicate keys,
    /// key order and whitespace are not kept (the document's values are).
    JsonNormalized,
    /// UUID is stored as text.
    UuidAsString,
    /// Time of day is stored as text.
    TimeAsString,
    /// Interval is stored as text.
    IntervalAsString,
    /// Binary data is stored in a string type.
    BinaryAsString,
    /// An array is stored as a JSON document.
    ArrayAsJson,
    /// An array is stored as JSON text.
    ArrayAsString,
    /// The target's array type does not keep the element type.
    ArrayElementType,
    /// The decimal precision exceeds the target's maximum (or storage is not exact).
    DecimalPrecision,
    /// The decimal scale exceeds the target's maximum: fractional digits are rounded.
    DecimalScale,
    /// An unsigned 64-bit integer becomes a non-integer type because the target has no
    /// unsigned integers wide enough.
    UnsignedToSigned,
    /// Fractional seconds are truncated to the target's maximum precision.
    TimePrecision,
    /// Booleans are stored as integers 1/0.
    BooleanAsInteger,
    /// The source type is unknown; it falls back to the target's string type.
    UnknownType,
    /// Informational: the target type is wider or differently named but holds every value
    /// (e.g. int8 → SMALLINT, uint32 → BIGINT, float32 → FLOAT64, date → Oracle DATE).
    Widened,
}

impl LossKind {
    /// `true` when no value can change (only the declared type differs), e.g. widening.
    pub fn is_informational(self) -> bool {
        matches!(self, LossKind::Widened)
    }
}

/// One way a rendered type differs from the canonical type it was rendered from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TypeLoss {
    /// The category, for programs.
    pub kind: LossKind,
    /// A sentence for humans: "varchar(300) becomes STRING on spark: the length limit 300 is
    /// not enforced".
    pub reason: String,
}

impl TypeLoss {
    /// `true` when no value can change; see [`LossKind::is_informational`].
    pub fn is_informational(&self) -> bool {
        self.kind.is_informational()
    }
}
