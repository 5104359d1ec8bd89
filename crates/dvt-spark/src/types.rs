//! Planned column types as Spark SQL types, and the expressions that give a JDBC extract its
//! planned columns inside Spark.

use dvt_types::DvtType;

/// The Spark SQL type a canonical type is read as, or `None` when the executor does not
/// support it (see the crate docs' table).
pub fn spark_type(t: &DvtType) -> Option<String> {
    Some(match t {
        DvtType::Boolean => "BOOLEAN".into(),
        DvtType::Int8 => "TINYINT".into(),
        DvtType::Int16 | DvtType::UInt8 => "SMALLINT".into(),
        DvtType::Int32 | DvtType::UInt16 => "INT".into(),
        DvtType::Int64 | DvtType::UInt32 => "BIGINT".into(),
        DvtType::UInt64 => "DECIMAL(20,0)".into(),
        DvtType::Float32 => "FLOAT".into(),
        DvtType::Float64 => "DOUBLE".into(),
        DvtType::Decimal { precision, scale } if *precision <= 38 => {
            format!("DECIMAL({},{})", (*precision).max(1), scale)
        }
        DvtType::Varchar { .. }
        | DvtType::Char { .. }
        | DvtType::Json
        | DvtType::JsonText
        | DvtType::Uuid
        | DvtType::Unknown { .. } => "STRING".into(),
        DvtType::Binary { .. } => "BINARY".into(),
        DvtType::Date => "DATE".into(),
        DvtType::Timestamp { tz: false, .. } => "TIMESTAMP_NTZ".into(),
        DvtType::Timestamp { tz: true, .. } => "TIMESTAMP".into(),
        DvtType::Decimal { .. } | DvtType::Time { .. } | DvtType::Interval | DvtType::Array(_) => {
            return None;
        }
    })
}

/// A Spark SQL identifier in backticks.
pub fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// The expression that turns the raw JDBC column `name` into the planned column: a cast to the
/// planned type, and for `char(n)` the trailing blanks removed (padding, not data — the same
/// rule as the embedded executor's), so `c = 'BUILDING'` matches a `char(10)` value.
pub fn column_expr(name: &str, t: &DvtType) -> Option<String> {
    let q = quote(name);
    let ty = spark_type(t)?;
    Some(match t {
        DvtType::Char { .. } => format!("rtrim(CAST({q} AS STRING)) AS {q}"),
        _ => format!("CAST({q} AS {ty}) AS {q}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_expressions() {
        let p = |s: &str| s.parse::<DvtType>().unwrap();
        assert_eq!(spark_type(&p("decimal(15,2)")).unwrap(), "DECIMAL(15,2)");
        assert_eq!(spark_type(&p("int64")).unwrap(), "BIGINT");
        assert_eq!(spark_type(&p("timestamp(6)")).unwrap(), "TIMESTAMP_NTZ");
        assert_eq!(spark_type(&p("timestamptz(6)")).unwrap(), "TIMESTAMP");
        assert_eq!(spark_type(&p("varchar(25)")).unwrap(), "STRING");
        assert_eq!(spark_type(&p("date")).unwrap(), "DATE");
        assert_eq!(spark_type(&p("json")).unwrap(), "STRING");
        assert_eq!(spark_type(&p("json_text")).unwrap(), "STRING");
        assert_eq!(spark_type(&DvtType::decimal(50, 2)), None);
        assert_eq!(spark_type(&DvtType::Interval), None);
        assert_eq!(
            column_expr("c`x", &p("char(10)")).unwrap(),
            "rtrim(CAST(`c``x` AS STRING)) AS `c``x`"
        );
        assert_eq!(
            column_expr("n", &p("int32")).unwrap(),
            "CAST(`n` AS INT) AS `n`"
        );
    }
}
