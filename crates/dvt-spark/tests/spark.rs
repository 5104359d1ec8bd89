//! dvt-spark's integration tests, one test binary: each binary links the whole dependency tree
//! (DataFusion's debug build is ~300 MB), so one per crate keeps a cold build's disk use and
//! link time small. Run one file's tests with `cargo test -p dvt-spark --test spark <file>::`.

#[path = "../../dvt-engine/tests/common/mod.rs"]
mod common;
#[path = "../../dvt-translate/tests/exec_common/mod.rs"]
mod exec_common;

mod exec_spark;
mod q15_split;
mod random_spark;
mod spark_executor;
mod tpch_dialects_spark;
mod tpch_spark;
