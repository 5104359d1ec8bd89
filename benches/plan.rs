//! Planning time per TPC-H query with the tables spread over three servers
//! (`cargo bench --bench plan`): binding, typing and optimizing in DataFusion plus writing every
//! extract in its source's dialect and the Spark rendering of the transform.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dvt::planner::plan::{DataFusionPlanner, Planner};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_tpch");
    g.sample_size(20);
    for n in 1..=22 {
        let input = dvt_tpch::plan_input(n);
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("q{n:02}")),
            &input,
            |b, input| {
                b.iter(|| {
                    futures::executor::block_on(DataFusionPlanner.plan(input))
                        .unwrap()
                        .extracts
                        .len()
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
