//! Type system of dvt-rs (filled in by the TypeMapper work).
