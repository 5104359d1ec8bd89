//! The random differential's proptest strategies: [`query`] draws a [`Query`] (a SELECT over
//! up to three joined tables or derived tables, or a UNION ALL), each part shrinking towards
//! the simplest (fewer joins, the first table, no predicate).

use proptest::prelude::*;
use proptest::sample::select;

use super::data::{Kind, TABLES};
use super::query::{
    Agg, AggFn, Col, Join, JoinKind, Leaf, Limit, Op, Out, Pred, Query, Shape, Src, UExpr, UnionQ,
};

pub fn union_q() -> impl Strategy<Value = UnionQ> {
    let numeric = prop_oneof![
        Just(UExpr::N),
        (0i64..2).prop_map(UExpr::Round),
        Just(UExpr::Div)
    ];
    let side =
        |e: BoxedStrategy<UExpr>| (0..TABLES.len(), e, proptest::option::weighted(0.5, leaf()));
    prop_oneof![
        (
            side(numeric.clone().boxed()),
            side(numeric.boxed()),
            any::<bool>()
        ),
        (
            side(Just(UExpr::K).boxed()),
            side(Just(UExpr::K).boxed()),
            any::<bool>()
        ),
    ]
    .prop_map(|(a, b, grouped)| UnionQ {
        sides: [a, b],
        grouped,
    })
}

/// A column of the select lists, predicates and aggregates: every kind but the timestamp
/// (its text differs between the oracle and Arrow) and the boolean.
pub fn col() -> impl Strategy<Value = Col> {
    select(Col::all_of(&[
        Kind::Key,
        Kind::Int,
        Kind::Text,
        Kind::Date,
        Kind::Num,
    ]))
}

pub fn out(n: usize) -> impl Strategy<Value = Out> {
    prop_oneof![
        12 => cref(n).prop_map(|(i, c)| Out::Col(i, c)),
        1 => (0..n, any::<bool>(), prop_oneof![Just(1i64), Just(30), Just(366)])
            .prop_map(|(i, m, d)| Out::DatePlus(i, m, d)),
        1 => (0..n, prop_oneof![Just("7"), Just("3"), Just("0.3"), Just("NULLIF(x0.v, 0)")])
            .prop_map(|(i, by)| Out::Div(i, by)),
        1 => (0..n, 0i64..2).prop_map(|(i, sc)| Out::Round(i, sc)),
        1 => Just(Out::Const),
        1 => (any::<bool>(), 0..n, 0..TABLES.len(), leaf())
            .prop_map(|(neg, i, t, l)| Out::CaseIn(neg, i, t, l)),
        1 => (any::<bool>(), 0..n, 0..TABLES.len(), leaf())
            .prop_map(|(neg, i, t, l)| Out::CaseExists(neg, i, t, l)),
    ]
}

/// An integer column.
pub fn int_col() -> impl Strategy<Value = Col> {
    select(Col::all_of(&[Kind::Key, Kind::Int]))
}

pub fn op() -> impl Strategy<Value = Op> {
    select(vec![Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge])
}

pub fn date_lit() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("1969-12-31"), Just("2000-03-01"), Just("2024-01-31")]
}

pub fn leaf() -> impl Strategy<Value = Leaf> {
    prop_oneof![
        col().prop_map(Leaf::IsNull),
        col().prop_map(Leaf::IsNotNull),
        (int_col(), op(), -1i64..4).prop_map(|(c, o, n)| Leaf::IntCmp(c, o, n)),
        (int_col(), -1i64..3, -1i64..3).prop_map(|(c, k, v)| Leaf::Coalesce(c, k, v)),
        (
            prop_oneof![Just(Op::Eq), Just(Op::Ne), Just(Op::Lt), Just(Op::Gt)],
            select(vec![
                "", "a", "A", "b", "ab", "a%", "a_", "a\\b", "a ", "B "
            ])
        )
            .prop_map(|(o, s)| Leaf::StrCmp(o, s)),
        (
            any::<bool>(),
            select(vec!["a", "A ", "ab"]),
            select(vec!["B", "b ", "aB"])
        )
            .prop_map(|(neg, x, y)| Leaf::StrIn(neg, x, y)),
        (
            op(),
            prop_oneof![Just("1969-12-31"), Just("2000-02-29"), Just("2024-01-01")]
        )
            .prop_map(|(o, d)| Leaf::DateCmp(o, d)),
        (
            op(),
            prop_oneof![Just(-1i64), Just(0), Just(1), Just(59), Just(8766)]
        )
            .prop_map(|(o, n)| Leaf::DaysSince(o, n)),
        Just(Col::T).prop_map(Leaf::IsNull),
        (
            op(),
            prop_oneof![
                Just("1969-12-31 23:59:59.5"),
                Just("2000-02-29 12:00:00"),
                Just("2024-01-01 00:00:00")
            ]
        )
            .prop_map(|(o, t)| Leaf::TsCmp(o, t)),
        (op(), prop_oneof![Just("1969-12-31"), Just("2024-01-01")])
            .prop_map(|(o, d)| Leaf::TsDay(o, d)),
        any::<bool>().prop_map(Leaf::NotBoolIsNull),
        any::<bool>().prop_map(Leaf::Bool),
        (
            any::<bool>(),
            prop_oneof![Just(1i64), Just(30), Just(366)],
            op(),
            date_lit()
        )
            .prop_map(|(m, n, o, d)| Leaf::DatePlus(m, n, o, d)),
        (
            any::<bool>(),
            prop_oneof![
                Just("1 day"),
                Just("1 month"),
                Just("30 days"),
                Just("1 year")
            ],
            op(),
            date_lit()
        )
            .prop_map(|(m, i, o, d)| Leaf::DateInterval(m, i, o, d)),
        (
            op(),
            prop_oneof![Just("0"), Just("1.25"), Just("-0.5"), Just("3.3")]
        )
            .prop_map(|(o, n)| Leaf::NumCmp(o, n)),
        (0i64..2, op()).prop_map(|(sc, o)| Leaf::RoundCmp(sc, o)),
        (
            prop_oneof![Just("7"), Just("3"), Just("0.3")],
            op(),
            prop_oneof![Just("0.2"), Just("0.0714285714285714"), Just("1")]
        )
            .prop_map(|(b, o, n)| Leaf::DivCmp(b, o, n)),
        (select(Col::all_of(&[Kind::Text])), like_pattern())
            .prop_map(|(c, (p, e))| Leaf::Like(c, p, e)),
    ]
}

/// A LIKE pattern and its ESCAPE character. The strings hold `%`, `_` and `\`, so an escaped
/// metacharacter matches fewer rows than a bare one; without ESCAPE, PostgreSQL's escape is
/// backslash too (SQLite has none by default). An ESCAPE other than backslash (`!`) is a
/// known failure of the embedded engine (DataFusion's LIKE takes backslash only).
pub fn like_pattern() -> impl Strategy<Value = (&'static str, Option<char>)> {
    select(vec![
        ("a%", None),
        ("%B", None),
        ("_", None),
        ("a_", None),
        ("a\\_", None),
        ("%b", Some('\\')),
        ("a\\_", Some('\\')),
        ("a\\%%", Some('\\')),
        ("\\%%", Some('\\')),
        ("%\\_", Some('\\')),
        ("_\\%", Some('\\')),
        ("%\\\\%", Some('\\')),
        ("a!_", Some('!')),
        ("!%%", Some('!')),
    ])
}

pub fn src() -> impl Strategy<Value = Src> {
    prop_oneof![
        4 => (0..TABLES.len()).prop_map(Src::Table),
        1 => (0..TABLES.len(), leaf()).prop_map(|(t, l)| Src::Derived(t, l)),
    ]
}

pub fn pred(n: usize) -> impl Strategy<Value = Pred> {
    let rel = 0..n;
    let base = prop_oneof![
        6 => (rel.clone(), leaf()).prop_map(|(i, l)| Pred::Leaf(i, l)),
        1 => (rel.clone(), int_col(), op(), rel.clone(), int_col())
            .prop_map(|(i, a, o, j, b)| Pred::Cols(i, a, o, j, b)),
        1 => (any::<bool>(), rel.clone(), int_col(), 0..TABLES.len(), leaf())
            .prop_map(|(neg, i, c, t, l)| Pred::In(neg, i, c, t, l)),
        1 => (any::<bool>(), rel, 0..TABLES.len(), leaf())
            .prop_map(|(neg, i, t, l)| Pred::Exists(neg, i, t, l)),
    ];
    base.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Pred::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Pred::Or(Box::new(a), Box::new(b))),
            inner.clone().prop_map(|a| Pred::Not(Box::new(a))),
            (any::<bool>(), inner).prop_map(|(n, a)| Pred::IsNull(n, Box::new(a))),
        ]
    })
}

pub fn join(me: usize) -> impl Strategy<Value = Join> {
    (
        select(vec![
            JoinKind::Inner,
            JoinKind::Left,
            JoinKind::Right,
            JoinKind::Full,
        ]),
        src(),
        0..me,
        prop_oneof![3 => Just(Col::K), 1 => Just(Col::S)],
        proptest::option::weighted(0.3, leaf()),
    )
        .prop_map(|(kind, src, with, on, extra)| Join {
            kind,
            src,
            with,
            on,
            extra,
        })
}

pub fn cref(n: usize) -> impl Strategy<Value = (usize, Col)> {
    (0..n, col())
}

pub fn shape(n: usize) -> impl Strategy<Value = Shape> {
    let agg = (
        select(vec![
            AggFn::CountStar,
            AggFn::Count,
            AggFn::CountDistinct,
            AggFn::Sum,
            AggFn::Min,
            AggFn::Max,
            AggFn::Avg,
        ]),
        out(n),
    )
        .prop_map(|(f, e)| Agg(f, aggregable(f, e)));
    prop_oneof![
        (any::<bool>(), proptest::collection::vec(out(n), 1..4))
            .prop_map(|(distinct, cols)| Shape::Rows { distinct, cols }),
        (
            proptest::collection::vec(cref(n), 0..3),
            proptest::collection::vec(agg, 1..4),
            proptest::option::weighted(0.25, 0u32..3),
        )
            .prop_map(|(keys, aggs, having)| Shape::Agg { keys, aggs, having }),
    ]
}

/// `e`, or a similar expression `f` takes: SUM of a number (not of text, a date or the CASE
/// that gives 'y' / 'n'), AVG of a decimal (PostgreSQL's AVG of an integer is a numeric with
/// 16 places, the engine's a float: their texts differ).
fn aggregable(f: AggFn, e: Out) -> Out {
    let numeric = |c: Col| matches!(c.kind(), Kind::Key | Kind::Int | Kind::Num);
    match (f, e) {
        (AggFn::Sum, Out::Col(i, c)) if !numeric(c) => Out::Col(i, Col::V),
        (AggFn::Sum, Out::DatePlus(i, ..)) => Out::Col(i, Col::V),
        (AggFn::Sum, Out::CaseExists(neg, i, t, l)) => Out::CaseIn(neg, i, t, l),
        (AggFn::Avg, Out::Col(i, _) | Out::DatePlus(i, ..)) => Out::Col(i, Col::N),
        (AggFn::Avg, Out::CaseIn(_, i, ..) | Out::CaseExists(_, i, ..)) => Out::Div(i, "7"),
        (_, e) => e,
    }
}

pub fn limit() -> impl Strategy<Value = Limit> {
    prop_oneof![
        3 => (
            proptest::collection::vec((any::<bool>(), proptest::option::of(any::<bool>())), 6),
            0u32..8
        )
            .prop_map(|(d, n)| Limit::Ordered(d, n)),
        1 => (0u32..8).prop_map(Limit::Unordered),
    ]
}

pub fn query() -> impl Strategy<Value = Query> {
    prop_oneof![
        12 => select_query(),
        1 => union_q().prop_map(|u| Query {
            union: Some(u),
            first: Src::Table(0),
            joins: vec![],
            filter: None,
            shape: Shape::Rows {
                distinct: false,
                cols: vec![],
            },
            limit: None,
        }),
    ]
}

pub fn select_query() -> impl Strategy<Value = Query> {
    (0usize..3)
        .prop_flat_map(|joins| {
            let n = joins + 1;
            (
                src(),
                (1..=joins).map(join).collect::<Vec<_>>(),
                proptest::option::weighted(0.7, pred(n)),
                shape(n),
                proptest::option::weighted(0.3, limit()),
            )
        })
        .prop_map(|(first, joins, filter, shape, limit)| Query {
            union: None,
            first,
            joins,
            filter,
            shape,
            limit,
        })
}
