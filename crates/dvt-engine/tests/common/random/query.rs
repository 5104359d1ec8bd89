//! The random differential's queries: a small AST of PostgreSQL-dialect SELECTs (joins,
//! derived tables, predicates, aggregates, UNION ALL, ORDER BY … LIMIT) whose `Display` /
//! [`Query::template`] writes the SQL with `{a}` … `{f}` in place of the tables.

use std::fmt::{self, Display, Write as _};

use super::super::lit;
use super::data::{COLUMNS, Kind, TABLES};

/// A column, by its index in [`COLUMNS`]; the constants are the roles the queries use (`T`,
/// the timestamp, only in predicates: its text differs between the oracle and Arrow).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Col(pub usize);

impl Col {
    /// The join key `k`.
    pub const K: Col = Col(0);
    /// The integer `v`.
    pub const V: Col = Col(1);
    /// The string `s`.
    pub const S: Col = Col(2);
    /// The date `d`.
    pub const D: Col = Col(3);
    /// The timestamp `t`.
    pub const T: Col = Col(4);
    /// The boolean `b`.
    pub const B: Col = Col(5);
    /// The numeric(8,2) `n`.
    pub const N: Col = Col(6);

    /// Its name in [`COLUMNS`].
    pub fn name(self) -> &'static str {
        COLUMNS[self.0].0
    }

    /// What it holds.
    pub fn kind(self) -> Kind {
        COLUMNS[self.0].1
    }

    /// Every column of one of `kinds`.
    pub fn all_of(kinds: &[Kind]) -> Vec<Col> {
        (0..COLUMNS.len())
            .map(Col)
            .filter(|c| kinds.contains(&c.kind()))
            .collect()
    }
}

impl fmt::Debug for Col {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name as SQL: quoted unless it is plain lower case (PostgreSQL folds the rest).
impl Display for Col {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.name();
        if n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            f.write_str(n)
        } else {
            write!(f, "\"{}\"", n.replace('"', "\"\""))
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        })
    }
}

/// A predicate on one relation's columns.
#[derive(Debug, Clone)]
pub enum Leaf {
    IsNull(Col),
    IsNotNull(Col),
    IntCmp(Col, Op, i64),
    Coalesce(Col, i64, i64),
    StrCmp(Op, &'static str),
    /// `x.s [NOT] IN ('…', '…')`
    StrIn(bool, &'static str, &'static str),
    /// `x.d op DATE 'lit'`
    DateCmp(Op, &'static str),
    /// `x.d - DATE '2000-01-01' op n` (whole days)
    DaysSince(Op, i64),
    /// `x.t op TIMESTAMP 'lit'`
    TsCmp(Op, &'static str),
    /// `CAST(x.t AS DATE) op DATE 'lit'`
    TsDay(Op, &'static str),
    /// `(NOT x.b) IS [NOT] NULL`
    NotBoolIsNull(bool),
    /// `x.b` / `NOT x.b`
    Bool(bool),
    /// `x.d ± n op DATE 'lit'` (days)
    DatePlus(bool, i64, Op, &'static str),
    /// `x.d ± INTERVAL 'i' op DATE 'lit'`
    DateInterval(bool, &'static str, Op, &'static str),
    /// `x.n op lit`
    NumCmp(Op, &'static str),
    /// `ROUND(x.n, s) op x.n`
    RoundCmp(i64, Op),
    /// `x.n / lit op lit` (decimal division)
    DivCmp(&'static str, Op, &'static str),
    /// `x.{text col} LIKE 'pattern' [ESCAPE 'c']`
    Like(Col, &'static str, Option<char>),
}

pub struct LeafOn<'a>(pub &'a Leaf, pub &'a str);

impl Display for LeafOn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.1;
        match self.0 {
            Leaf::IsNull(c) => write!(f, "{x}.{c} IS NULL"),
            Leaf::IsNotNull(c) => write!(f, "{x}.{c} IS NOT NULL"),
            Leaf::IntCmp(c, op, n) => write!(f, "{x}.{c} {op} {n}"),
            Leaf::Coalesce(c, k, v) => write!(f, "COALESCE({x}.{c}, {k}) = {v}"),
            Leaf::StrCmp(op, s) => write!(f, "{x}.s {op} {}", lit(s)),
            Leaf::StrIn(neg, a, b) => write!(
                f,
                "{x}.s {}IN ({}, {})",
                if *neg { "NOT " } else { "" },
                lit(a),
                lit(b)
            ),
            Leaf::DateCmp(op, d) => write!(f, "{x}.d {op} DATE {}", lit(d)),
            Leaf::DaysSince(op, n) => write!(f, "{x}.d - DATE '2000-01-01' {op} {n}"),
            Leaf::TsCmp(op, t) => write!(f, "{x}.t {op} TIMESTAMP {}", lit(t)),
            Leaf::TsDay(op, d) => write!(f, "CAST({x}.t AS DATE) {op} DATE {}", lit(d)),
            Leaf::NotBoolIsNull(neg) => {
                write!(f, "(NOT {x}.b) IS {}NULL", if *neg { "NOT " } else { "" })
            }
            Leaf::Bool(neg) => write!(f, "{}{x}.b", if *neg { "NOT " } else { "" }),
            Leaf::DatePlus(minus, n, op, d) => write!(
                f,
                "{x}.d {} {n} {op} DATE {}",
                if *minus { "-" } else { "+" },
                lit(d)
            ),
            Leaf::DateInterval(minus, i, op, d) => write!(
                f,
                "{x}.d {} INTERVAL {} {op} DATE {}",
                if *minus { "-" } else { "+" },
                lit(i),
                lit(d)
            ),
            Leaf::NumCmp(op, n) => write!(f, "{x}.n {op} {n}"),
            Leaf::RoundCmp(sc, op) => write!(f, "ROUND({x}.n, {sc}) {op} {x}.n"),
            Leaf::DivCmp(by, op, n) => write!(f, "{x}.n / {by} {op} {n}"),
            Leaf::Like(c, p, None) => write!(f, "{x}.{c} LIKE {}", lit(p)),
            Leaf::Like(c, p, Some(e)) => {
                write!(f, "{x}.{c} LIKE {} ESCAPE {}", lit(p), lit(&e.to_string()))
            }
        }
    }
}

#[derive(Debug, Clone)]
pub enum Pred {
    Leaf(usize, Leaf),
    /// `x{i}.{int col} op x{j}.{int col}`
    Cols(usize, Col, Op, usize, Col),
    And(Box<Pred>, Box<Pred>),
    Or(Box<Pred>, Box<Pred>),
    Not(Box<Pred>),
    /// `x{i}.{c} [NOT] IN (SELECT y.{c} FROM t y WHERE leaf)`
    In(bool, usize, Col, usize, Leaf),
    /// `[NOT] EXISTS (SELECT 1 FROM t y WHERE y.k = x{i}.k AND leaf)`
    Exists(bool, usize, usize, Leaf),
    /// `(p) IS [NOT] NULL`
    IsNull(bool, Box<Pred>),
}

impl Display for Pred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pred::Leaf(i, l) => write!(f, "{}", LeafOn(l, &format!("x{i}"))),
            Pred::Cols(i, a, op, j, b) => write!(f, "x{i}.{a} {op} x{j}.{b}"),
            Pred::And(a, b) => write!(f, "({a} AND {b})"),
            Pred::Or(a, b) => write!(f, "({a} OR {b})"),
            Pred::Not(a) => write!(f, "NOT ({a})"),
            Pred::IsNull(neg, a) => write!(f, "({a}) IS {}NULL", if *neg { "NOT " } else { "" }),
            Pred::In(neg, i, c, t, l) => write!(
                f,
                "x{i}.{c} {}IN (SELECT y.{c} FROM {{{}}} y WHERE {})",
                if *neg { "NOT " } else { "" },
                TABLES[*t],
                LeafOn(l, "y")
            ),
            Pred::Exists(neg, i, t, l) => write!(
                f,
                "{}EXISTS (SELECT 1 FROM {{{}}} y WHERE y.k = x{i}.k AND {})",
                if *neg { "NOT " } else { "" },
                TABLES[*t],
                LeafOn(l, "y")
            ),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum JoinKind {
    Inner,
    Left,
    Right,
    Full,
}

#[derive(Debug, Clone)]
pub enum Src {
    Table(usize),
    /// `(SELECT <every column> FROM t WHERE leaf)`
    Derived(usize, Leaf),
}

impl Display for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Src::Table(t) => write!(f, "{{{}}}", TABLES[*t]),
            Src::Derived(t, l) => {
                let cols: Vec<String> = (0..COLUMNS.len())
                    .map(|c| format!("z.{}", Col(c)))
                    .collect();
                write!(
                    f,
                    "(SELECT {} FROM {{{}}} z WHERE {})",
                    cols.join(", "),
                    TABLES[*t],
                    LeafOn(l, "z")
                )
            }
        }
    }
}

/// A joined relation: how, with which earlier relation on which column, plus a predicate on
/// itself in the ON clause.
#[derive(Debug, Clone)]
pub struct Join {
    pub kind: JoinKind,
    pub src: Src,
    pub with: usize,
    pub on: Col,
    pub extra: Option<Leaf>,
}

#[derive(Debug, Clone, Copy)]
pub enum AggFn {
    CountStar,
    Count,
    CountDistinct,
    Sum,
    Min,
    Max,
    Avg,
}

/// An aggregate over any output expression (decimal division, ROUND, date arithmetic, a CASE
/// over a subquery…), so that every operator is generated under every aggregate.
#[derive(Debug, Clone)]
pub struct Agg(pub AggFn, pub Out);

impl Display for Agg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Agg(func, e) = self;
        match func {
            AggFn::CountStar => f.write_str("COUNT(*)"),
            AggFn::Count => write!(f, "COUNT({e})"),
            AggFn::CountDistinct => write!(f, "COUNT(DISTINCT {e})"),
            AggFn::Sum => write!(f, "SUM({e})"),
            AggFn::Min => write!(f, "MIN({e})"),
            AggFn::Max => write!(f, "MAX({e})"),
            AggFn::Avg => write!(f, "AVG({e})"),
        }
    }
}

/// ORDER BY every output column (direction, NULLS placement) then LIMIT; or LIMIT alone.
#[derive(Debug, Clone)]
pub enum Limit {
    Ordered(Vec<(bool, Option<bool>)>, u32),
    Unordered(u32),
}

/// An output expression of a row query.
#[derive(Debug, Clone)]
pub enum Out {
    Col(usize, Col),
    /// `x.d ± n` (days)
    DatePlus(usize, bool, i64),
    /// `x.n / divisor` (decimal division)
    Div(usize, &'static str),
    /// `ROUND(x.n, s)`
    Round(usize, i64),
    /// `-0.50 / 7`
    Const,
    /// `CASE WHEN x.k [NOT] IN (SELECT y.k FROM t y WHERE leaf) THEN 1 ELSE 0 END`
    CaseIn(bool, usize, usize, Leaf),
    /// `CASE WHEN [NOT] EXISTS (SELECT 1 FROM t y WHERE y.k = x.k AND leaf) THEN 'y' ELSE 'n' END`
    CaseExists(bool, usize, usize, Leaf),
}

impl Display for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let not = |n: &bool| if *n { "NOT " } else { "" };
        match self {
            Out::Col(i, c) => write!(f, "x{i}.{c}"),
            Out::DatePlus(i, m, n) => write!(f, "x{i}.d {} {n}", if *m { "-" } else { "+" }),
            Out::Div(i, by) => write!(f, "x{i}.n / {by}"),
            Out::Round(i, sc) => write!(f, "ROUND(x{i}.n, {sc})"),
            Out::Const => f.write_str("-0.50 / 7"),
            Out::CaseIn(neg, i, t, l) => write!(
                f,
                "CASE WHEN x{i}.k {}IN (SELECT y.k FROM {{{}}} y WHERE {}) THEN 1 ELSE 0 END",
                not(neg),
                TABLES[*t],
                LeafOn(l, "y")
            ),
            Out::CaseExists(neg, i, t, l) => write!(
                f,
                "CASE WHEN {}EXISTS (SELECT 1 FROM {{{}}} y WHERE y.k = x{i}.k AND {}) THEN 'y' ELSE 'n' END",
                not(neg),
                TABLES[*t],
                LeafOn(l, "y")
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Shape {
    Rows {
        distinct: bool,
        cols: Vec<Out>,
    },
    Agg {
        keys: Vec<(usize, Col)>,
        aggs: Vec<Agg>,
        having: Option<u32>,
    },
}

/// A UNION ALL of two tables' numeric expressions (`x.n`, `ROUND(x.n, s)`, `x.n / 7`, `x.k`),
/// bare or under a GROUP BY.
#[derive(Debug, Clone)]
pub struct UnionQ {
    pub sides: [(usize, UExpr, Option<Leaf>); 2],
    pub grouped: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum UExpr {
    N,
    Round(i64),
    Div,
    K,
}

impl Display for UExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UExpr::N => f.write_str("x.n"),
            UExpr::Round(sc) => write!(f, "ROUND(x.n, {sc})"),
            UExpr::Div => f.write_str("x.n / 7"),
            UExpr::K => f.write_str("x.k"),
        }
    }
}

impl UnionQ {
    pub fn template(&self) -> String {
        let side = |(t, e, l): &(usize, UExpr, Option<Leaf>)| {
            let mut s = format!("SELECT {e} AS c0, x.v AS c1 FROM {{{}}} x", TABLES[*t]);
            if let Some(l) = l {
                let _ = write!(s, " WHERE {}", LeafOn(l, "x"));
            }
            s
        };
        let u = format!(
            "{} UNION ALL {}",
            side(&self.sides[0]),
            side(&self.sides[1])
        );
        if self.grouped {
            format!("SELECT u.c0 AS c0, COUNT(*) AS c1, SUM(u.c1) AS c2 FROM ({u}) u GROUP BY u.c0")
        } else {
            u
        }
    }
}

#[derive(Debug, Clone)]
pub struct Query {
    /// When set, the query is this UNION ALL (the other fields are unused).
    pub union: Option<UnionQ>,
    pub first: Src,
    pub joins: Vec<Join>,
    pub filter: Option<Pred>,
    pub shape: Shape,
    pub limit: Option<Limit>,
}

impl Query {
    pub fn outputs(&self) -> usize {
        match &self.shape {
            Shape::Rows { cols, .. } => cols.len(),
            Shape::Agg { keys, aggs, .. } => keys.len() + aggs.len(),
        }
    }

    /// The SQL with `{a}` … `{f}` for the tables.
    pub fn template(&self) -> String {
        if let Some(u) = &self.union {
            return u.template();
        }
        let mut sql = String::from("SELECT ");
        let mut outs = Vec::new();
        match &self.shape {
            Shape::Rows { distinct, cols } => {
                if *distinct {
                    sql.push_str("DISTINCT ");
                }
                outs.extend(cols.iter().map(|o| o.to_string()));
            }
            Shape::Agg { keys, aggs, .. } => {
                outs.extend(keys.iter().map(|(i, c)| format!("x{i}.{c}")));
                outs.extend(aggs.iter().map(|a| a.to_string()));
            }
        }
        let list: Vec<String> = outs
            .iter()
            .enumerate()
            .map(|(n, e)| format!("{e} AS c{n}"))
            .collect();
        sql.push_str(&list.join(", "));
        let _ = write!(sql, " FROM {} x0", self.first);
        for (n, j) in self.joins.iter().enumerate() {
            let me = n + 1;
            let kind = match j.kind {
                JoinKind::Inner => "JOIN",
                JoinKind::Left => "LEFT JOIN",
                JoinKind::Right => "RIGHT JOIN",
                JoinKind::Full => "FULL JOIN",
            };
            let _ = write!(
                sql,
                " {kind} {} x{me} ON x{me}.{c} = x{w}.{c}",
                j.src,
                c = j.on,
                w = j.with
            );
            if let Some(l) = &j.extra {
                let _ = write!(sql, " AND {}", LeafOn(l, &format!("x{me}")));
            }
        }
        if let Some(p) = &self.filter {
            let _ = write!(sql, " WHERE {p}");
        }
        if let Shape::Agg { keys, having, .. } = &self.shape {
            if !keys.is_empty() {
                let k: Vec<String> = keys.iter().map(|(i, c)| format!("x{i}.{c}")).collect();
                let _ = write!(sql, " GROUP BY {}", k.join(", "));
            }
            if let Some(n) = having {
                let _ = write!(sql, " HAVING COUNT(*) > {n}");
            }
        }
        match &self.limit {
            None => {}
            Some(Limit::Unordered(n)) => {
                let _ = write!(sql, " LIMIT {n}");
            }
            Some(Limit::Ordered(dirs, n)) => {
                let o: Vec<String> = (0..self.outputs())
                    .map(|i| {
                        let (desc, nulls) = dirs.get(i).copied().unwrap_or((false, None));
                        let mut s = format!("c{i}");
                        if desc {
                            s.push_str(" DESC");
                        }
                        match nulls {
                            Some(true) => s.push_str(" NULLS FIRST"),
                            Some(false) => s.push_str(" NULLS LAST"),
                            None => {}
                        }
                        s
                    })
                    .collect();
                let _ = write!(sql, " ORDER BY {} LIMIT {n}", o.join(", "));
            }
        }
        sql
    }
}
