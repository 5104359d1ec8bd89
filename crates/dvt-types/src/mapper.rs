//! The [`TypeMapper`] trait and its table-driven implementation [`StandardTypeMapper`].

use serde::{Deserialize, Serialize};

use crate::error::TypeError;
use crate::kind::DbKind;
use crate::loss::TypeLoss;
use crate::types::DvtType;

/// A DDL type name rendered for one dialect, with everything it cannot represent exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// The type as written in `CREATE TABLE` of the dialect, e.g. `VARCHAR(255)`.
    pub ddl: String,
    /// Differences between the canonical type and `ddl`; empty when exact.
    pub losses: Vec<TypeLoss>,
}

/// The result of [`TypeMapper::map`]: a native type of one dialect mapped to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapped {
    /// The canonical type of the source column.
    pub source: DvtType,
    /// The target DDL type name.
    pub ddl: String,
    /// Differences between source and target; empty when exact.
    pub losses: Vec<TypeLoss>,
}

/// Parses native type names into [`DvtType`] and renders [`DvtType`] as DDL, per dialect.
pub trait TypeMapper {
    /// Parses a native type string of `dialect` (case-insensitive, whitespace-tolerant).
    ///
    /// A well-formed but unknown type yields [`DvtType::Unknown`]; only syntactically broken
    /// input (`varchar(`, `decimal(x,y)`, an empty string) is an error.
    fn parse(&self, dialect: DbKind, native: &str) -> Result<DvtType, TypeError>;

    /// Renders `ty` as a DDL type name of `dialect`, reporting every loss.
    fn render(&self, dialect: DbKind, ty: &DvtType) -> Rendered;

    /// Maps a native type of `from` to a DDL type of `to`.
    ///
    /// Loss reasons start with the native type as written (`"jsonb becomes LONGTEXT…"`). An
    /// unknown type mapped within the same dialect family is passed through unchanged.
    fn map(&self, from: DbKind, native: &str, to: DbKind) -> Result<Mapped, TypeError> {
        let source = self.parse(from, native)?;
        if let DvtType::Unknown { native: n } = &source
            && from.family() == to.family()
            && !n.is_empty()
        {
            return Ok(Mapped {
                ddl: n.clone(),
                source,
                losses: Vec::new(),
            });
        }
        let Rendered { ddl, mut losses } = self.render(to, &source);
        let label = format!("{} becomes ", source.describe());
        let native = native.trim();
        for loss in &mut losses {
            if let Some(rest) = loss.reason.strip_prefix(&label) {
                loss.reason = format!("{native} becomes {rest}");
            }
        }
        Ok(Mapped {
            source,
            ddl,
            losses,
        })
    }
}

/// The table-driven [`TypeMapper`]: one declarative parse table and one capability row per
/// dialect, interpreted by one generic parser and one generic renderer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandardTypeMapper;

impl TypeMapper for StandardTypeMapper {
    fn parse(&self, dialect: DbKind, native: &str) -> Result<DvtType, TypeError> {
        crate::parse::parse(&crate::tables::spec(dialect).parse, dialect.name(), native)
    }

    fn render(&self, dialect: DbKind, ty: &DvtType) -> Rendered {
        crate::render::render(&crate::tables::spec(dialect).render, dialect, ty)
    }
}

/// [`TypeMapper::map`] with the [`StandardTypeMapper`].
pub fn map_type(from: DbKind, native: &str, to: DbKind) -> Result<Mapped, TypeError> {
    StandardTypeMapper.map(from, native, to)
}

/// [`TypeMapper::parse`] with the [`StandardTypeMapper`].
pub fn parse_type(dialect: DbKind, native: &str) -> Result<DvtType, TypeError> {
    StandardTypeMapper.parse(dialect, native)
}

/// [`TypeMapper::render`] with the [`StandardTypeMapper`].
pub fn render_type(dialect: DbKind, ty: &DvtType) -> Rendered {
    StandardTypeMapper.render(dialect, ty)
}
