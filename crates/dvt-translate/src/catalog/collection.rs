//! Arrays, structs and maps; statistical, approximate and ordered-set aggregates.

#[allow(unused_imports)]
use super::super::dialect::DbKind::*;
use super::FunctionDef;

/// The canonical functions of this family.
pub static FUNCTIONS: &[FunctionDef] = &[];
