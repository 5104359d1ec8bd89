//! The `dvt` command-line interface.

fn main() {}
