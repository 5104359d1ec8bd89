//! Property tests: render/parse round trips for every dialect, Arrow round trips, and a
//! parser that never panics.

use dvt_types::{DbKind, DvtType, StandardTypeMapper, TypeMapper};
use proptest::prelude::*;

fn leaf() -> impl Strategy<Value = DvtType> {
    prop_oneof![
        Just(DvtType::Boolean),
        Just(DvtType::Int8),
        Just(DvtType::Int16),
        Just(DvtType::Int32),
        Just(DvtType::Int64),
        Just(DvtType::UInt8),
        Just(DvtType::UInt16),
        Just(DvtType::UInt32),
        Just(DvtType::UInt64),
        Just(DvtType::Float32),
        Just(DvtType::Float64),
        (1u16..=76)
            .prop_flat_map(|p| (Just(p), 0..=p))
            .prop_map(|(p, s)| DvtType::decimal(p, s)),
        prop_oneof![
            Just(None),
            (1u32..=300).prop_map(Some),
            (1u32..=20_000_000).prop_map(Some)
        ]
        .prop_map(|length| DvtType::Varchar { length }),
        prop_oneof![1u32..=300, 1u32..=70_000].prop_map(|length| DvtType::Char { length }),
        prop_oneof![
            Just(None),
            (1u32..=300).prop_map(Some),
            (1u32..=2_000_000).prop_map(Some)
        ]
        .prop_map(|length| DvtType::Binary { length }),
        Just(DvtType::Date),
        (0u8..=9).prop_map(|precision| DvtType::Time { precision }),
        (0u8..=9, any::<bool>()).prop_map(|(p, tz)| DvtType::timestamp(p, tz)),
        Just(DvtType::Interval),
        Just(DvtType::Json),
        Just(DvtType::JsonText),
        Just(DvtType::Uuid),
        "[a-zA-Z_][a-zA-Z0-9_ ()',<>]{0,12}".prop_map(|native| DvtType::Unknown { native }),
    ]
}

fn dvt_type() -> impl Strategy<Value = DvtType> {
    leaf().prop_recursive(3, 8, 1, |inner| inner.prop_map(DvtType::array))
}

/// Whether Arrow carries the type natively (without field metadata).
#[cfg(feature = "arrow")]
fn arrow_native(t: &DvtType) -> bool {
    match t {
        DvtType::Decimal { .. }
        | DvtType::Boolean
        | DvtType::Int8
        | DvtType::Int16
        | DvtType::Int32
        | DvtType::Int64
        | DvtType::UInt8
        | DvtType::UInt16
        | DvtType::UInt32
        | DvtType::UInt64
        | DvtType::Float32
        | DvtType::Float64
        | DvtType::Date
        | DvtType::Interval => true,
        DvtType::Varchar { length } | DvtType::Binary { length } => length.is_none(),
        DvtType::Time { precision } | DvtType::Timestamp { precision, .. } => {
            matches!(precision, 0 | 3 | 6 | 9)
        }
        DvtType::Array(e) => arrow_native(e),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn render_parse_is_idempotent_and_lossless_when_no_loss(t in dvt_type()) {
        let m = StandardTypeMapper;
        for d in DbKind::ALL {
            let first = m.render(d, &t);
            let u = m.parse(d, &first.ddl).map_err(|e| {
                TestCaseError::fail(format!("{d}: rendered `{}` does not parse: {e}", first.ddl))
            })?;
            let second = m.render(d, &u);
            prop_assert_eq!(&second.ddl, &first.ddl, "{}: {} -> {} -> {}", d, t, first.ddl, u);
            if first.losses.is_empty() {
                prop_assert_eq!(&u, &t, "{}: `{}` has no losses but parses back differently", d, first.ddl);
            }
            for loss in &first.losses {
                prop_assert!(loss.reason.contains(&format!(" on {d}: ")), "{}", loss.reason);
            }
        }
    }

    #[cfg(feature = "arrow")]
    #[test]
    fn arrow_field_round_trip(t in dvt_type()) {
        let field = t.to_arrow_field("c", true);
        prop_assert_eq!(DvtType::from_arrow_field(&field), t.clone());
        prop_assert_eq!(t.to_string().parse::<DvtType>().unwrap(), t);
    }

    #[cfg(feature = "arrow")]
    #[test]
    fn arrow_native_round_trip(t in dvt_type().prop_filter("arrow-native", arrow_native)) {
        prop_assert_eq!(DvtType::from_arrow(&t.to_arrow()), t);
    }

    #[test]
    fn parser_never_panics(s in any::<String>(), t in "[a-zA-Z0-9_ (),<>\\[\\]'\"`*-]{0,24}") {
        for d in DbKind::ALL {
            let _ = StandardTypeMapper.parse(d, &s);
            let _ = StandardTypeMapper.parse(d, &t);
        }
        let _ = s.parse::<DvtType>();
        let _ = t.parse::<DvtType>();
    }

    #[test]
    fn serde_round_trip(t in dvt_type()) {
        let json = serde_json::to_string(&t).unwrap();
        prop_assert_eq!(serde_json::from_str::<DvtType>(&json).unwrap(), t);
    }
}
