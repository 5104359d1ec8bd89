//! Strings: searching, slicing, padding, encoding, hashing, distance.

#[allow(unused_imports)]
use super::super::dialect::DbKind::*;
use super::FunctionDef;

/// The canonical functions of this family.
pub static FUNCTIONS: &[FunctionDef] = &[];
