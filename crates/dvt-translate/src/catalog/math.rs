//! Math: rounding, logarithms, trigonometry, bitwise, safe division, random; conditional and NULL functions.

#[allow(unused_imports)]
use super::super::dialect::DbKind::*;
use super::FunctionDef;

/// The canonical functions of this family.
pub static FUNCTIONS: &[FunctionDef] = &[];
