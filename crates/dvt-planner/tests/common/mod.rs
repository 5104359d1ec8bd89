//! Shared by the TPC-H execution tests: a small deterministic TPC-H-shaped data set (values as
//! text, cast to each column's declared type), Arrow helpers, and running a plan's transform.

#![allow(dead_code)]

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use dvt_planner::plan::PlanColumn;
use dvt_types::DvtType;

/// Rows as text, `None` is NULL.
pub type Rows = Vec<Vec<Option<String>>>;

/// A small linear congruential generator (deterministic data).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.next(v.len() as u64) as usize]
    }
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
fn date(days: i64) -> String {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a date in 1992..1999.
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// `cents` as a decimal with two places.
fn dec(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn s(x: impl Into<String>) -> Option<String> {
    Some(x.into())
}

const NATIONS: [(&str, i64); 25] = [
    ("ALGERIA", 0),
    ("ARGENTINA", 1),
    ("BRAZIL", 1),
    ("CANADA", 1),
    ("EGYPT", 4),
    ("ETHIOPIA", 0),
    ("FRANCE", 3),
    ("GERMANY", 3),
    ("INDIA", 2),
    ("INDONESIA", 2),
    ("IRAN", 4),
    ("IRAQ", 4),
    ("JAPAN", 2),
    ("JORDAN", 4),
    ("KENYA", 0),
    ("MOROCCO", 0),
    ("MOZAMBIQUE", 0),
    ("PERU", 1),
    ("CHINA", 2),
    ("ROMANIA", 3),
    ("SAUDI ARABIA", 4),
    ("VIETNAM", 2),
    ("RUSSIA", 3),
    ("UNITED KINGDOM", 3),
    ("UNITED STATES", 1),
];
const COLORS: [&str; 12] = [
    "green", "forest", "almond", "blue", "red", "ivory", "lime", "navy", "olive", "pink", "smoke",
    "tan",
];
const T1: [&str; 6] = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"];
const T2: [&str; 5] = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"];
const T3: [&str; 5] = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"];
const C1: [&str; 5] = ["SM", "MED", "LG", "JUMBO", "WRAP"];
const C2: [&str; 8] = ["CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"];
const SEGMENTS: [&str; 5] = [
    "AUTOMOBILE",
    "BUILDING",
    "FURNITURE",
    "MACHINERY",
    "HOUSEHOLD",
];
const PRIORITIES: [&str; 5] = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"];
const INSTRUCT: [&str; 4] = [
    "DELIVER IN PERSON",
    "COLLECT COD",
    "NONE",
    "TAKE BACK RETURN",
];
const MODES: [&str; 7] = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"];

/// Every TPC-H table with its rows, as text. Decimal values of the SQLite tables (`part`,
/// `partsupp`, `supplier`) are multiples of 0.25, exact in floating point.
pub fn tpch_rows() -> Vec<(&'static str, Rows)> {
    let mut r = Rng(42);
    let region: Rows = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"]
        .iter()
        .enumerate()
        .map(|(i, n)| vec![s(i.to_string()), s(*n), s(format!("region {i}"))])
        .collect();
    let nation: Rows = NATIONS
        .iter()
        .enumerate()
        .map(|(i, (n, rk))| {
            vec![
                s(i.to_string()),
                s(*n),
                s(rk.to_string()),
                s(format!("nation {i}")),
            ]
        })
        .collect();
    let n_supp: usize = 40;
    let supplier: Rows = (1..=n_supp)
        .map(|k| {
            let nk = r.next(25);
            vec![
                s(k.to_string()),
                s(format!("Supplier#{k:09}")),
                s(format!("addr {k}")),
                s(nk.to_string()),
                s(format!(
                    "{}-{:03}-{:03}-{:04}",
                    nk + 10,
                    k,
                    k * 7 % 1000,
                    k * 13
                )),
                s(dec((r.next(44000) as i64 - 4000) * 25)),
                s(if k.is_multiple_of(10) {
                    "wake Customer slyly Complaints".to_string()
                } else {
                    format!("supplier {k} ideas")
                }),
            ]
        })
        .collect();
    let n_part = 200;
    let mut retail = vec![0i64; n_part + 1];
    let part: Rows = (1..=n_part)
        .map(|k| {
            let name = (0..3)
                .map(|_| r.pick(&COLORS))
                .collect::<Vec<_>>()
                .join(" ");
            let price = (3600 + (k as i64 % 400) * 4 + r.next(10) as i64) * 25;
            retail[k] = price;
            let m = 1 + r.next(5);
            vec![
                s(k.to_string()),
                s(name),
                s(format!("Manufacturer#{m}")),
                s(format!("Brand#{m}{}", 1 + r.next(5))),
                s(format!("{} {} {}", r.pick(&T1), r.pick(&T2), r.pick(&T3))),
                s((1 + r.next(50)).to_string()),
                s(format!("{} {}", r.pick(&C1), r.pick(&C2))),
                s(dec(price)),
                s(format!("part {k}")),
            ]
        })
        .collect();
    let supp_of = |p: usize, j: usize| (p + j * 10) % n_supp + 1;
    let mut partsupp: Rows = Vec::new();
    for p in 1..=n_part {
        for j in 0..4 {
            partsupp.push(vec![
                s(p.to_string()),
                s(supp_of(p, j).to_string()),
                s((1 + r.next(9999)).to_string()),
                s(dec((4 + r.next(4000) as i64) * 25)),
                s(format!("ps {p} {j}")),
            ]);
        }
    }
    let n_cust = 150;
    let customer: Rows = (1..=n_cust)
        .map(|k| {
            let nk = r.next(25);
            vec![
                s(k.to_string()),
                s(format!("Customer#{k:09}")),
                s(format!("caddr {k}")),
                s(nk.to_string()),
                s(format!(
                    "{}-{:03}-{:03}-{:04}",
                    nk + 10,
                    k,
                    k * 3 % 1000,
                    k * 11
                )),
                s(dec(r.next(1_100_000) as i64 - 100_000)),
                s(r.pick(&SEGMENTS)),
                s(format!("customer {k}")),
            ]
        })
        .collect();
    let (start, end) = (days(1992, 1, 1), days(1998, 8, 2));
    let cutoff = days(1995, 6, 17);
    let mut orders: Rows = Vec::new();
    let mut lineitem: Rows = Vec::new();
    for o in 1..=1500usize {
        let mut c = 1 + r.next(n_cust as u64) as usize;
        if c.is_multiple_of(3) {
            c = (c % n_cust) + 1;
        }
        let od = start + r.next((end - start) as u64) as i64;
        let mut total = 0i64;
        for ln in 1..=(1 + r.next(7)) {
            let p = 1 + r.next(n_part as u64) as usize;
            let sk = supp_of(p, r.next(4) as usize);
            let q = 1 + r.next(50) as i64;
            let ext = q * retail[p];
            let disc = r.next(11) as i64;
            let tax = r.next(9) as i64;
            let ship = od + 1 + r.next(121) as i64;
            let commit = od + 30 + r.next(61) as i64;
            let receipt = ship + 1 + r.next(30) as i64;
            total += ext;
            lineitem.push(vec![
                s(o.to_string()),
                s(p.to_string()),
                s(sk.to_string()),
                s(ln.to_string()),
                s(format!("{q}.00")),
                s(dec(ext)),
                s(dec(disc)),
                s(dec(tax)),
                s(if receipt <= cutoff {
                    if r.next(2) == 0 { "R" } else { "A" }
                } else {
                    "N"
                }),
                s(if ship > cutoff { "O" } else { "F" }),
                s(date(ship)),
                s(date(commit)),
                s(date(receipt)),
                s(r.pick(&INSTRUCT)),
                s(r.pick(&MODES)),
                s(format!("li {o} {ln}")),
            ]);
        }
        orders.push(vec![
            s(o.to_string()),
            s(c.to_string()),
            s(*["F", "O", "P"].get(r.next(3) as usize).unwrap_or(&"F")),
            s(dec(total)),
            s(date(od)),
            s(r.pick(&PRIORITIES)),
            s(format!("Clerk#{:09}", 1 + r.next(20))),
            s("0"),
            s(if o.is_multiple_of(17) {
                "the special packages requests".to_string()
            } else {
                format!("order {o}")
            }),
        ]);
    }
    vec![
        ("nation", nation),
        ("region", region),
        ("part", part),
        ("supplier", supplier),
        ("partsupp", partsupp),
        ("customer", customer),
        ("orders", orders),
        ("lineitem", lineitem),
    ]
}

/// Text rows as a batch of the given columns' types.
pub fn batch(columns: &[(String, DvtType)], rows: &Rows) -> RecordBatch {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (i, (name, t)) in columns.iter().enumerate() {
        let f: Field = t.to_arrow_field(name, true);
        let text = StringArray::from(
            rows.iter()
                .map(|r| r.get(i).cloned().flatten())
                .collect::<Vec<_>>(),
        );
        let a = cast(&text, f.data_type())
            .unwrap_or_else(|e| panic!("column {name} as {}: {e}", f.data_type()));
        fields.push(f);
        arrays.push(a);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

/// Text rows as a batch of an extract's declared columns.
pub fn extract_batch(columns: &[PlanColumn], rows: &Rows) -> RecordBatch {
    let cols: Vec<(String, DvtType)> = columns
        .iter()
        .map(|c| (c.name.clone(), c.ty.parse().unwrap()))
        .collect();
    batch(&cols, rows)
}

/// A table from batches.
pub fn mem(batches: Vec<RecordBatch>, schema: SchemaRef) -> Arc<MemTable> {
    let schema = batches.first().map(|b| b.schema()).unwrap_or(schema);
    Arc::new(MemTable::try_new(schema, vec![batches]).unwrap())
}

/// Batches as display text, one string per row.
pub fn rows(batches: &[RecordBatch]) -> Vec<String> {
    let opts = FormatOptions::default().with_null("NULL");
    let mut out = Vec::new();
    for b in batches {
        let fmts: Vec<_> = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts).unwrap())
            .collect();
        for i in 0..b.num_rows() {
            out.push(
                fmts.iter()
                    .map(|f| f.value(i).to_string())
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
    }
    out
}

/// Run SQL in DataFusion.
pub async fn run(ctx: &SessionContext, sql: &str) -> (Vec<RecordBatch>, SchemaRef) {
    let df = ctx.sql(sql).await.unwrap_or_else(|e| panic!("{sql}\n{e}"));
    let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
    let b = df.collect().await.unwrap_or_else(|e| panic!("{sql}\n{e}"));
    (b, schema)
}

/// A DataFusion session that computes as the engine does (decimal division and AVG rounded at
/// PostgreSQL's scale, `dvt_planner::plan::decimal`).
pub fn engine() -> SessionContext {
    SessionContext::new_with_state(dvt_planner::plan::decimal::with_decimal_precision(
        SessionContext::new().state(),
    ))
}

/// The TPC-H tables in one DataFusion context under their planning names.
pub fn tpch_context() -> SessionContext {
    let ctx = engine();
    let data = tpch_rows();
    for (t, cols) in dvt_tpch::tables() {
        let cols: Vec<(String, DvtType)> =
            cols.into_iter().map(|(n, t)| (n.to_string(), t)).collect();
        let rows = &data.iter().find(|(n, _)| *n == t).unwrap().1;
        let b = batch(&cols, rows);
        let s = b.schema();
        ctx.register_table(t, mem(vec![b], s)).unwrap();
    }
    ctx
}
