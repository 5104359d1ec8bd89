//! dvt-translate's integration tests, one test binary: each binary links the whole dependency tree
//! (DataFusion's debug build is ~300 MB), so one per crate keeps a cold build's disk use and
//! link time small. Run one file's tests with `cargo test -p dvt-translate --test translate <file>::`.

mod exec_common;

mod corpus;
mod coverage_doc;
mod dialect_naming;
mod exec;
mod exec_coverage;
mod like_escape;
mod proptest_translate;
