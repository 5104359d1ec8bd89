//! dvt-planner's integration tests, one test binary: each binary links the whole dependency tree
//! (DataFusion's debug build is ~300 MB), so one per crate keeps a cold build's disk use and
//! link time small. Run one file's tests with `cargo test -p dvt-planner --test planner <file>::`.

mod common;

mod clock;
mod errors;
mod plan_exec;
mod push_real;
mod strategy;
mod tpch_exec;
mod tpch_plans;
mod transform_from_plan;
