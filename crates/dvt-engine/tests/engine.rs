//! dvt-engine's integration tests, one test binary: each binary links the whole dependency tree
//! (DataFusion's debug build is ~300 MB), so one per crate keeps a cold build's disk use and
//! link time small. Run one file's tests with `cargo test -p dvt-engine --test engine <file>::`.

mod common;

mod engine_soundness;
mod random_differential;
mod run_sqlite;
mod tpch_dialects;
mod tpch_differential;
