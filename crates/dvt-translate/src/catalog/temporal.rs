//! Dates and times beyond arithmetic: construction from parts, names of days and months, epochs, month ends, differences in months.

#[allow(unused_imports)]
use super::super::dialect::DbKind::*;
use super::FunctionDef;

/// The canonical functions of this family.
pub static FUNCTIONS: &[FunctionDef] = &[];
