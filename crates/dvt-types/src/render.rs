//! The one generic renderer: walks a [`DvtType`] and consults the dialect's capability row
//! ([`RenderSpec`]); every gap between the type and the row becomes a [`TypeLoss`].

use std::fmt::Display;

use crate::kind::DbKind;
use crate::loss::{LossKind, TypeLoss};
use crate::mapper::Rendered;
use crate::spec::{ArraySpec, DecSpec, RenderSpec, TimeSpec};
use crate::types::DvtType;

/// Renders `ty` as a DDL type name of `dialect` using its capability row.
pub(crate) fn render(spec: &RenderSpec, dialect: DbKind, ty: &DvtType) -> Rendered {
    let mut losses = Vec::new();
    let ddl = Renderer { spec, dialect }.ty(ty, &mut losses);
    Rendered { ddl, losses }
}

struct Renderer<'a> {
    spec: &'a RenderSpec,
    dialect: DbKind,
}

type Losses = Vec<TypeLoss>;

impl Renderer<'_> {
    fn loss(
        &self,
        losses: &mut Losses,
        kind: LossKind,
        subject: &DvtType,
        ddl: &str,
        why: impl Display,
    ) {
        losses.push(TypeLoss {
            kind,
            reason: format!(
                "{} becomes {ddl} on {}: {why}",
                subject.describe(),
                self.dialect
            ),
        });
    }

    fn ty(&self, t: &DvtType, losses: &mut Losses) -> String {
        let s = self.spec;
        match t {
            DvtType::Boolean => {
                let (ddl, native) = s.boolean;
                if !native {
                    self.loss(
                        losses,
                        LossKind::BooleanAsInteger,
                        t,
                        ddl,
                        "there is no boolean column type; true/false are stored as 1/0",
                    );
                }
                ddl.to_string()
            }
            DvtType::Int8
            | DvtType::Int16
            | DvtType::Int32
            | DvtType::Int64
            | DvtType::UInt8
            | DvtType::UInt16
            | DvtType::UInt32
            | DvtType::UInt64 => self.integer(t, losses),
            DvtType::Float32 => self.float(t, 32, losses),
            DvtType::Float64 => self.float(t, 64, losses),
            DvtType::Decimal { precision, scale } => self.decimal(t, *precision, *scale, losses),
            DvtType::Varchar { length } => self.varchar(t, *length, losses),
            DvtType::Char { length } => self.char(t, *length, losses),
            DvtType::Binary { length } => self.binary(t, *length, losses),
            DvtType::Date | DvtType::Time { .. } | DvtType::Timestamp { .. } => {
                self.temporal(t, losses)
            }
            DvtType::Interval => self.native_or_string(
                t,
                s.interval,
                None,
                losses,
                LossKind::IntervalAsString,
                "there is no interval type; intervals are stored as text",
            ),
            DvtType::Json => self.json(
                t,
                (s.json, s.json_text),
                LossKind::Widened,
                "the JSON type keeps documents as written; every value fits",
                losses,
            ),
            DvtType::JsonText => self.json(
                t,
                (s.json_text, s.json),
                LossKind::JsonNormalized,
                "the JSON type stores the parsed document, not its text: duplicate keys, key \
                 order and whitespace are not kept",
                losses,
            ),
            DvtType::Uuid => self.native_or_string(
                t,
                s.uuid,
                Some(36),
                losses,
                LossKind::UuidAsString,
                "there is no UUID type; UUIDs are stored as 36-character text",
            ),
            DvtType::Array(element) => self.array(t, element, losses),
            DvtType::Unknown { .. } => {
                let ddl = self.string(None);
                self.loss(
                    losses,
                    LossKind::UnknownType,
                    t,
                    &ddl,
                    "dvt does not know this type, so it falls back to the target's string type \
                     and values are carried as text",
                );
                ddl
            }
        }
    }

    /// A date, time of day or timestamp: the target's type, or the nearest one with its loss.
    fn temporal(&self, t: &DvtType, losses: &mut Losses) -> String {
        let s = self.spec;
        match t {
            DvtType::Date => match s.date {
                Some(ddl) => ddl.to_string(),
                None => {
                    let ddl = self.time_family(t, &s.timestamp, 0, losses);
                    self.loss(
                        losses,
                        LossKind::Widened,
                        t,
                        &ddl,
                        "there is no date-only type; the column also stores a time of day \
                         (always midnight here)",
                    );
                    ddl
                }
            },
            DvtType::Time { precision } => match &s.time {
                Some(spec) => self.time_family(t, spec, *precision, losses),
                None => {
                    let ddl = self.string(Some(18));
                    self.loss(
                        losses,
                        LossKind::TimeAsString,
                        t,
                        &ddl,
                        "there is no time-of-day type; times are stored as text like \
                         13:45:00.123456",
                    );
                    ddl
                }
            },
            DvtType::Timestamp { precision, tz } => match (&s.timestamptz, tz) {
                (Some(spec), true) => self.time_family(t, spec, *precision, losses),
                (None, true) => {
                    let ddl = self.time_family(t, &s.timestamp, *precision, losses);
                    self.loss(
                        losses,
                        LossKind::TimezoneSemantics,
                        t,
                        &ddl,
                        "there is no time-zone-aware timestamp type; the time zone is dropped \
                         and values are converted to UTC",
                    );
                    ddl
                }
                (_, false) => self.time_family(t, &s.timestamp, *precision, losses),
            },
            _ => unreachable!("temporal types only"),
        }
    }

    /// The target's string type for a value of at most `length` characters, without losses.
    fn string(&self, length: Option<u32>) -> String {
        self.varchar(&DvtType::Varchar { length }, length, &mut Vec::new())
    }

    fn native_or_string(
        &self,
        t: &DvtType,
        native: Option<&str>,
        length: Option<u32>,
        losses: &mut Losses,
        kind: LossKind,
        why: &str,
    ) -> String {
        match native {
            Some(ddl) => ddl.to_string(),
            None => {
                let ddl = self.string(length);
                self.loss(losses, kind, t, &ddl, why);
                ddl
            }
        }
    }

    /// A JSON type: `exact` (the dialect's type of the same kind), else `other` (the JSON type
    /// of the other kind, with a loss of `kind` saying `why`), else text.
    fn json(
        &self,
        t: &DvtType,
        (exact, other): (Option<&str>, Option<&str>),
        kind: LossKind,
        why: &str,
        losses: &mut Losses,
    ) -> String {
        let ddl = match (exact, other) {
            (Some(ddl), _) => ddl,
            (None, Some(ddl)) => {
                self.loss(losses, kind, t, ddl, why);
                ddl
            }
            (None, None) => {
                let ddl = self.string(None);
                self.loss(
                    losses,
                    LossKind::JsonAsString,
                    t,
                    &ddl,
                    "there is no JSON type; JSON is stored as text",
                );
                return ddl;
            }
        };
        if let Some(why) = self.spec.json_numbers {
            self.loss(losses, LossKind::JsonNumberPrecision, t, ddl, why);
        }
        ddl.to_string()
    }

    fn integer(&self, t: &DvtType, losses: &mut Losses) -> String {
        let ints = self.spec.integers;
        if let Some(i) = ints.iter().find(|i| i.canon == *t) {
            return i.ddl.to_string();
        }
        let (lo, hi) = t.int_range().unwrap_or((i128::MIN, i128::MAX));
        let wider = ints
            .iter()
            .find(|i| i.canon.int_range().is_some_and(|(a, b)| a <= lo && hi <= b));
        if let Some(i) = wider {
            let why = if t.is_unsigned() && !i.canon.is_unsigned() {
                "there are no unsigned integers; the wider signed type holds every value"
                    .to_string()
            } else {
                format!("there is no exact {t} type; the wider type holds every value")
            };
            self.loss(losses, LossKind::Widened, t, i.ddl, why);
            return i.ddl.to_string();
        }
        let ddl = self.decimal(t, 20, 0, losses);
        self.loss(
            losses,
            LossKind::UnsignedToSigned,
            t,
            &ddl,
            "there is no unsigned 64-bit integer; values are stored as decimal(20,0), which holds \
             every value but is no longer an integer type",
        );
        ddl
    }

    fn float(&self, t: &DvtType, bits: u8, losses: &mut Losses) -> String {
        let floats = self.spec.floats;
        let chosen = floats
            .iter()
            .find(|f| f.bits == bits)
            .or_else(|| floats.iter().find(|f| f.bits >= bits))
            .or(floats.last());
        let Some(f) = chosen else {
            return self.string(None);
        };
        if f.bits > bits {
            self.loss(
                losses,
                LossKind::Widened,
                t,
                f.ddl,
                format!(
                    "there is no {bits}-bit float; the {}-bit type holds every value",
                    f.bits
                ),
            );
        }
        f.ddl.to_string()
    }

    fn decimal(&self, t: &DvtType, p: u16, s: u16, losses: &mut Losses) -> String {
        let fill = |d: &DecSpec, p: u16, s: u16| {
            d.template
                .replace("{p}", &p.to_string())
                .replace("{s}", &s.to_string())
        };
        let s = s.min(p);
        let fits = |d: &&DecSpec| {
            p <= d.max_precision && s <= d.max_scale && p - s <= d.max_integer_digits
        };
        let decs = self.spec.decimals;
        let (ddl, stored) = if let Some(d) = decs.iter().find(fits) {
            (fill(d, p, s), p)
        } else if let Some(d) = decs.last() {
            let int = (p - s).min(d.max_integer_digits).min(d.max_precision);
            let s2 = s.min(d.max_scale).min(d.max_precision - int);
            let p2 = (int + s2).max(1);
            let ddl = fill(d, p2, s2);
            let mut effects = Vec::new();
            if int < p - s {
                effects.push(format!(
                    "values with more than {int} integer digits overflow"
                ));
            }
            if s2 < s {
                effects.push(format!("values are rounded to {s2} fractional digits"));
            }
            let effects = effects.join(" and ");
            if p > d.max_precision || int < p - s {
                self.loss(
                    losses,
                    LossKind::DecimalPrecision,
                    t,
                    &ddl,
                    format!("the maximum precision is {}; {effects}", d.max_precision),
                );
            } else {
                self.loss(
                    losses,
                    LossKind::DecimalScale,
                    t,
                    &ddl,
                    format!("the maximum scale is {}; {effects}", d.max_scale),
                );
            }
            (ddl, p2)
        } else {
            return self.string(None);
        };
        if let Some(digits) = self.spec.decimal_exact_digits
            && stored > digits
        {
            self.loss(losses, LossKind::DecimalPrecision, t, &ddl, format!(
                "numeric values are stored as 64-bit integers or 8-byte floats, so digits beyond \
                 the {digits}th significant digit are rounded"));
        }
        ddl
    }

    fn varchar(&self, t: &DvtType, length: Option<u32>, losses: &mut Losses) -> String {
        let s = self.spec;
        if let (Some(n), Some(v)) = (length, &s.varchar)
            && n <= v.max
        {
            return v.template.replace("{n}", &n.to_string());
        }
        let ddl = s.text.ddl;
        match (length, s.text.limit) {
            (Some(n), Some(limit)) if n > limit => self.loss(
                losses,
                LossKind::LengthTruncated,
                t,
                ddl,
                format!(
                    "the longest string type holds {limit} characters, so values longer than \
                         that (up to {n}) are rejected or truncated"
                ),
            ),
            (None, Some(limit)) => self.loss(
                losses,
                LossKind::LengthTruncated,
                t,
                ddl,
                format!(
                    "there is no unbounded text type; values longer than {limit} characters \
                         are rejected or truncated"
                ),
            ),
            (Some(n), _) => self.loss(
                losses,
                LossKind::LengthLost,
                t,
                ddl,
                format!("the length limit {n} is not enforced"),
            ),
            (None, None) => {}
        }
        ddl.to_string()
    }

    fn char(&self, t: &DvtType, n: u32, losses: &mut Losses) -> String {
        if let Some(c) = &self.spec.char
            && n <= c.max
        {
            return c.template.replace("{n}", &n.to_string());
        }
        let mut sub = Vec::new();
        let ddl = self.varchar(t, Some(n), &mut sub);
        if sub.is_empty() {
            self.loss(
                losses,
                LossKind::CharAsVarchar,
                t,
                &ddl,
                "there is no blank-padded CHAR of that length; values are stored without padding",
            );
        }
        for mut l in sub {
            l.reason.push_str("; values are not blank-padded");
            losses.push(l);
        }
        ddl
    }

    fn binary(&self, t: &DvtType, length: Option<u32>, losses: &mut Losses) -> String {
        let s = self.spec;
        if let (Some(n), Some(v)) = (length, &s.varbinary)
            && n <= v.max
        {
            return v.template.replace("{n}", &n.to_string());
        }
        let Some(blob) = &s.blob else {
            let ddl = self.string(None);
            self.loss(
                losses,
                LossKind::BinaryAsString,
                t,
                &ddl,
                "there is no separate binary type; bytes are stored in the string type and \
                 readers may see them as text",
            );
            return ddl;
        };
        let ddl = blob.ddl;
        match (length, blob.limit) {
            (Some(n), Some(limit)) if n > limit => self.loss(
                losses,
                LossKind::LengthTruncated,
                t,
                ddl,
                format!(
                    "the longest binary type holds {limit} bytes, so values longer than that \
                         (up to {n}) are rejected or truncated"
                ),
            ),
            (None, Some(limit)) => self.loss(
                losses,
                LossKind::LengthTruncated,
                t,
                ddl,
                format!(
                    "there is no unbounded binary type; values longer than {limit} bytes are \
                         rejected or truncated"
                ),
            ),
            (Some(n), _) => self.loss(
                losses,
                LossKind::LengthLost,
                t,
                ddl,
                format!("the length limit of {n} bytes is not enforced"),
            ),
            (None, None) => {}
        }
        ddl.to_string()
    }

    fn time_family(&self, t: &DvtType, spec: &TimeSpec, p: u8, losses: &mut Losses) -> String {
        let (ddl, q) = choose_precision(spec, p);
        if q > p {
            self.loss(losses, LossKind::Widened, t, &ddl, format!(
                "fractional seconds are declared with {q} digits instead of {p}; every value fits"));
        } else if q < p {
            self.loss(
                losses,
                LossKind::TimePrecision,
                t,
                &ddl,
                format!("fractional seconds are truncated from {p} to {q} digits"),
            );
        }
        ddl
    }

    fn array(&self, t: &DvtType, element: &DvtType, losses: &mut Losses) -> String {
        match &self.spec.array {
            ArraySpec::None => self.array_as_document(
                t,
                losses,
                "there is no array type; the array is stored as a JSON array",
                "there is no array type; the array is stored as JSON text",
            ),
            ArraySpec::Untyped(ddl) => {
                if *element != DvtType::Json {
                    self.loss(
                        losses,
                        LossKind::ArrayElementType,
                        t,
                        ddl,
                        format!(
                            "{ddl} holds untyped (VARIANT) elements, so the element type {} is not \
                         kept",
                            element.describe()
                        ),
                    );
                }
                ddl.to_string()
            }
            ArraySpec::Suffix => format!("{}[]", self.ty(element, losses)),
            ArraySpec::Paren { name } => format!("{name}({})", self.ty(element, losses)),
            ArraySpec::Angle { name, nested } => {
                let inner =
                    if !nested && matches!(element, DvtType::Array(_)) {
                        self.array_as_document(element, losses,
                        "arrays of arrays are not allowed; the inner array is stored as a JSON \
                         array",
                        "arrays of arrays are not allowed; the inner array is stored as JSON text")
                    } else {
                        self.ty(element, losses)
                    };
                format!("{name}<{inner}>")
            }
        }
    }

    fn array_as_document(
        &self,
        t: &DvtType,
        losses: &mut Losses,
        as_json: &str,
        as_text: &str,
    ) -> String {
        match self.spec.json.or(self.spec.json_text) {
            Some(json) => {
                self.loss(losses, LossKind::ArrayAsJson, t, json, as_json);
                json.to_string()
            }
            None => {
                let ddl = self.string(None);
                self.loss(losses, LossKind::ArrayAsString, t, &ddl, as_text);
                ddl
            }
        }
    }
}

/// The DDL for precision `p`: exact if available (bare name for the default, then a named
/// type, then the template), else the smallest larger precision, else the largest one.
fn choose_precision(spec: &TimeSpec, p: u8) -> (String, u8) {
    let exact = |q: u8| -> Option<String> {
        if q == spec.default {
            return Some(spec.bare.to_string());
        }
        if let Some((_, name)) = spec.named.iter().find(|(np, _)| *np == q) {
            return Some((*name).to_string());
        }
        match spec.template {
            Some(template) if q <= spec.max => Some(template.replace("{p}", &q.to_string())),
            _ => None,
        }
    };
    if let Some(ddl) = exact(p) {
        return (ddl, p);
    }
    let available: Vec<u8> = (0..=12).filter(|q| exact(*q).is_some()).collect();
    let q = available
        .iter()
        .copied()
        .find(|q| *q > p)
        .or(available.last().copied())
        .unwrap_or(spec.default);
    (exact(q).unwrap_or_else(|| spec.bare.to_string()), q)
}
