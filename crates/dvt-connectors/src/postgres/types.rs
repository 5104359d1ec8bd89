//! Which PostgreSQL types the binary COPY codecs handle, their native spelling (as
//! `format_type` prints it) and their canonical [`DvtType`].

use dvt_types::{DbKind, DvtType, parse_type};
use tokio_postgres::types::{Kind, Type};

/// The wire format of a scalar PostgreSQL type in binary COPY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    Bool,
    Int2,
    Int4,
    Int8,
    /// `oid`: an unsigned 32-bit integer, carried as int64.
    Oid,
    Float4,
    Float8,
    Numeric,
    /// Text on the wire: text, varchar, bpchar, name, `"char"`, citext, enums.
    Text,
    Bytea,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Interval,
    Json,
    /// jsonb: a version byte (1), then the JSON text.
    Jsonb,
    Uuid,
}

/// A scalar or a one-dimensional array of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PgKind {
    Scalar(Scalar),
    Array(Scalar),
}

/// A column type resolved for the codecs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PgColumnType {
    /// How its values are laid out.
    pub kind: PgKind,
    /// The element type's OID (arrays) or the type's OID (scalars).
    pub elem_oid: u32,
    /// The native type as `format_type` spells it.
    pub native: String,
    /// The canonical type.
    pub ty: DvtType,
    /// The maximum length in characters (varchar(n), char(n)), if any.
    pub max_chars: Option<usize>,
}

/// The scalar wire format of a type (by name for extension types such as citext).
pub(crate) fn scalar_of(ty: &Type) -> Option<Scalar> {
    Some(match *ty {
        Type::BOOL => Scalar::Bool,
        Type::INT2 => Scalar::Int2,
        Type::INT4 => Scalar::Int4,
        Type::INT8 => Scalar::Int8,
        Type::OID => Scalar::Oid,
        Type::FLOAT4 => Scalar::Float4,
        Type::FLOAT8 => Scalar::Float8,
        Type::NUMERIC => Scalar::Numeric,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::CHAR => Scalar::Text,
        Type::BYTEA => Scalar::Bytea,
        Type::DATE => Scalar::Date,
        Type::TIME => Scalar::Time,
        Type::TIMESTAMP => Scalar::Timestamp,
        Type::TIMESTAMPTZ => Scalar::Timestamptz,
        Type::INTERVAL => Scalar::Interval,
        Type::JSON => Scalar::Json,
        Type::JSONB => Scalar::Jsonb,
        Type::UUID => Scalar::Uuid,
        _ => match ty.kind() {
            // Enums and citext are sent as their text.
            Kind::Enum(_) => Scalar::Text,
            Kind::Domain(base) => return scalar_of(base),
            _ if ty.name() == "citext" => Scalar::Text,
            _ => return None,
        },
    })
}

/// `format_type(oid, typmod)` for the types [`scalar_of`] knows.
fn native_name(ty: &Type, scalar: Scalar, typmod: i32) -> String {
    let m = (typmod >= 0).then_some(typmod);
    let len = (typmod >= 4).then(|| typmod - 4);
    match scalar {
        Scalar::Bool => "boolean".into(),
        Scalar::Int2 => "smallint".into(),
        Scalar::Int4 => "integer".into(),
        Scalar::Int8 => "bigint".into(),
        Scalar::Oid => "oid".into(),
        Scalar::Float4 => "real".into(),
        Scalar::Float8 => "double precision".into(),
        Scalar::Numeric => match len {
            Some(t) => {
                let (p, s) = numeric_typmod(t);
                format!("numeric({p},{s})")
            }
            None => "numeric".into(),
        },
        Scalar::Text => match *ty {
            Type::VARCHAR => match len {
                Some(n) => format!("character varying({n})"),
                None => "character varying".into(),
            },
            Type::BPCHAR => match len {
                Some(n) => format!("character({n})"),
                None => "bpchar".into(),
            },
            Type::CHAR => "\"char\"".into(),
            _ => ty.name().to_string(),
        },
        Scalar::Bytea => "bytea".into(),
        Scalar::Date => "date".into(),
        Scalar::Time => match m {
            Some(p) => format!("time({p}) without time zone"),
            None => "time without time zone".into(),
        },
        Scalar::Timestamp => match m {
            Some(p) => format!("timestamp({p}) without time zone"),
            None => "timestamp without time zone".into(),
        },
        Scalar::Timestamptz => match m {
            Some(p) => format!("timestamp({p}) with time zone"),
            None => "timestamp with time zone".into(),
        },
        Scalar::Interval => "interval".into(),
        Scalar::Json => "json".into(),
        Scalar::Jsonb => "jsonb".into(),
        Scalar::Uuid => "uuid".into(),
    }
}

/// Precision and (possibly negative, since PostgreSQL 15) scale of a numeric type modifier
/// (already without the 4-byte header).
fn numeric_typmod(t: i32) -> (i32, i32) {
    let p = (t >> 16) & 0xffff;
    let s = ((t & 0x7ff) ^ 1024) - 1024;
    (p, s)
}

/// The canonical type of a native PostgreSQL type as `format_type` spells it. Types the
/// dvt-types table does not know but the codecs read are mapped here: `oid` → int64, `name` and
/// `"char"` → text, numeric with a negative scale or a scale above its precision → a decimal
/// that holds every value; `money` is unknown (extracted as its text). Any other type the
/// table does not know (inet, tsvector, point, xml, …) is [`DvtType::Unknown`].
pub(crate) fn canonical(native: &str) -> DvtType {
    let (base, suffix) = match native.strip_suffix("[]") {
        Some(b) => (b, true),
        None => (native, false),
    };
    let scalar = match base {
        "oid" => DvtType::Int64,
        // The dvt-types table reads `money` as decimal(19,2), but its text depends on
        // lc_monetary (`$1,234.56`) and the binary codecs do not read it: it is extracted as
        // its text, so it is reported as what it is.
        "money" => DvtType::Unknown {
            native: "money".into(),
        },
        "name" | "\"char\"" => DvtType::Varchar { length: None },
        _ => {
            if let Some(ps) = base
                .strip_prefix("numeric(")
                .and_then(|r| r.strip_suffix(')'))
            {
                let mut it = ps.split(',').map(|x| x.trim().parse::<i32>());
                if let (Some(Ok(p)), Some(Ok(s))) = (it.next(), it.next()) {
                    let (p, s) = if s < 0 { (p - s, 0) } else { (p.max(s), s) };
                    return wrap(DvtType::decimal(p as u16, s as u16), suffix);
                }
            }
            match parse_type(DbKind::Postgres, base) {
                Ok(t) => t,
                Err(_) => DvtType::Unknown {
                    native: base.to_string(),
                },
            }
        }
    };
    wrap(scalar, suffix)
}

fn wrap(t: DvtType, array: bool) -> DvtType {
    if array { DvtType::array(t) } else { t }
}

/// Resolves a column type (with its type modifier) for the codecs; `None` when the codecs
/// cannot read or write it.
pub(crate) fn resolve(ty: &Type, typmod: i32) -> Option<PgColumnType> {
    let (kind, elem) = match ty.kind() {
        Kind::Array(elem) => (PgKind::Array(scalar_of(elem)?), elem),
        Kind::Domain(base) => return resolve(base, typmod),
        _ => (PgKind::Scalar(scalar_of(ty)?), ty),
    };
    let scalar = match kind {
        PgKind::Scalar(s) | PgKind::Array(s) => s,
    };
    let elem_native = native_name(elem, scalar, typmod);
    let native = match kind {
        PgKind::Scalar(_) => elem_native,
        PgKind::Array(_) => format!("{elem_native}[]"),
    };
    let max_chars = match *elem {
        Type::VARCHAR | Type::BPCHAR if typmod >= 4 => Some((typmod - 4) as usize),
        _ => None,
    };
    // Enums are text (as the catalog reports them); their native name stays.
    let ty = if matches!(elem.kind(), Kind::Enum(_)) {
        wrap(
            DvtType::Varchar { length: None },
            matches!(kind, PgKind::Array(_)),
        )
    } else {
        canonical(&native)
    };
    Some(PgColumnType {
        kind,
        elem_oid: elem.oid(),
        ty,
        native,
        max_chars,
    })
}

/// The message for a column whose type the codecs cannot handle.
pub(crate) fn unsupported_column(column: &str, type_name: &str) -> String {
    format!(
        "column \"{column}\" has type {type_name}, which dvt cannot read or write natively; cast it in the model, e.g. {}::text",
        quote_ident(column)
    )
}

/// A PostgreSQL identifier in double quotes when it needs them.
pub(crate) fn quote_ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_types_of_native_spellings() {
        let cases = [
            ("integer", DvtType::Int32),
            ("oid", DvtType::Int64),
            ("name", DvtType::Varchar { length: None }),
            ("character varying(10)", DvtType::varchar(10)),
            ("character(5)", DvtType::Char { length: 5 }),
            ("bpchar", DvtType::Varchar { length: None }),
            ("numeric(12,3)", DvtType::decimal(12, 3)),
            ("numeric(3,-2)", DvtType::decimal(5, 0)),
            ("numeric(2,5)", DvtType::decimal(5, 5)),
            ("numeric", DvtType::decimal(38, 10)),
            (
                "timestamp(3) without time zone",
                DvtType::timestamp(3, false),
            ),
            ("timestamp with time zone", DvtType::timestamp(6, true)),
            ("time(0) without time zone", DvtType::Time { precision: 0 }),
            ("integer[]", DvtType::array(DvtType::Int32)),
            (
                "character varying(4)[]",
                DvtType::array(DvtType::varchar(4)),
            ),
            ("jsonb", DvtType::Json),
            ("uuid", DvtType::Uuid),
            ("interval", DvtType::Interval),
            (
                "money",
                DvtType::Unknown {
                    native: "money".into(),
                },
            ),
            (
                "inet[]",
                DvtType::array(DvtType::Unknown {
                    native: "inet".into(),
                }),
            ),
        ];
        for (native, want) in cases {
            assert_eq!(canonical(native), want, "{native}");
        }
        assert_eq!(numeric_typmod((12 << 16) | 3), (12, 3));
        assert_eq!(quote_ident("ab_1"), "ab_1");
        assert_eq!(quote_ident("A b"), "\"A b\"");
    }
}
