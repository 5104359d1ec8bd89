//! PostgreSQL's binary `numeric` format ⇄ Arrow decimals (hand-written: no crate does this).
//!
//! The wire format (`numeric_send` / `numeric_recv`): `u16 ndigits`, `i16 weight`, `u16 sign`,
//! `u16 dscale`, then `ndigits` base-10000 digits (`u16`, most significant first). The value is
//! `Σ digit[i] · 10000^(weight − i)`; `sign` is `0x0000` (+), `0x4000` (−), `0xC000` (NaN),
//! `0xD000` (+Infinity), `0xF000` (−Infinity); `dscale` is the number of decimal digits after
//! the point the value displays with. Trailing and leading zero digits are not sent.
//!
//! Both directions are generic over the Arrow decimal storage (`i128` for Decimal128, `i256`
//! for Decimal256): the Arrow value is the *unscaled* integer `value · 10^scale`.

use arrow_array::ArrowNativeTypeOp;

const SIGN_POS: u16 = 0x0000;
const SIGN_NEG: u16 = 0x4000;
const SIGN_NAN: u16 = 0xC000;
const SIGN_PINF: u16 = 0xD000;
const SIGN_NINF: u16 = 0xF000;

fn pow10<T: ArrowNativeTypeOp>(n: u32) -> Option<T> {
    T::usize_as(10).pow_checked(n).ok()
}

fn header(bytes: &[u8]) -> Result<(usize, i32, u16, u16), String> {
    if bytes.len() < 8 {
        return Err(format!("a numeric value of {} bytes", bytes.len()));
    }
    let ndigits = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    let weight = i32::from(i16::from_be_bytes([bytes[2], bytes[3]]));
    let sign = u16::from_be_bytes([bytes[4], bytes[5]]);
    let dscale = u16::from_be_bytes([bytes[6], bytes[7]]);
    if bytes.len() != 8 + 2 * ndigits {
        return Err(format!(
            "a numeric value of {} bytes for {ndigits} digits",
            bytes.len()
        ));
    }
    Ok((ndigits, weight, sign, dscale))
}

fn digit(bytes: &[u8], i: usize) -> u32 {
    u32::from(u16::from_be_bytes([bytes[8 + 2 * i], bytes[9 + 2 * i]]))
}

/// The decimal text of a binary numeric (for messages).
pub(crate) fn to_text(bytes: &[u8]) -> String {
    let Ok((ndigits, weight, sign, dscale)) = header(bytes) else {
        return "<malformed numeric>".to_string();
    };
    match sign {
        SIGN_NAN => return "NaN".to_string(),
        SIGN_PINF => return "Infinity".to_string(),
        SIGN_NINF => return "-Infinity".to_string(),
        _ => {}
    }
    let mut int = String::new();
    let mut frac = String::new();
    // Integer groups: weights weight..=0; fractional groups: -1, -2, …
    for w in (0..=weight.max(0)).rev() {
        let i = weight - w;
        let d = if i >= 0 && (i as usize) < ndigits {
            digit(bytes, i as usize)
        } else {
            0
        };
        if int.is_empty() {
            if d != 0 || w == 0 {
                int = d.to_string();
            }
        } else {
            int.push_str(&format!("{d:04}"));
        }
    }
    let frac_groups = (usize::from(dscale)).div_ceil(4);
    for g in 1..=frac_groups as i32 {
        let i = weight + g;
        let d = if i >= 0 && (i as usize) < ndigits {
            digit(bytes, i as usize)
        } else {
            0
        };
        frac.push_str(&format!("{d:04}"));
    }
    frac.truncate(usize::from(dscale));
    let neg = if sign == SIGN_NEG { "-" } else { "" };
    if frac.is_empty() {
        format!("{neg}{int}")
    } else {
        format!("{neg}{int}.{frac}")
    }
}

/// The unscaled value `round(value · 10^scale)` of a binary numeric (rounding half away from
/// zero, as PostgreSQL does), checked to have at most `precision` digits.
///
/// Errors are sentences without the column name: "NaN cannot be …", "… does not fit …".
pub(crate) fn decode<T: ArrowNativeTypeOp>(
    bytes: &[u8],
    precision: u8,
    scale: i8,
) -> Result<T, String> {
    let (ndigits, weight, sign, _) = header(bytes)?;
    match sign {
        SIGN_POS | SIGN_NEG => {}
        SIGN_NAN => return Err("NaN cannot be represented as an Arrow decimal".to_string()),
        SIGN_PINF | SIGN_NINF => {
            return Err(format!(
                "{} cannot be represented as an Arrow decimal",
                to_text(bytes)
            ));
        }
        other => return Err(format!("a numeric value with sign word {other:#06x}")),
    }
    if ndigits == 0 {
        return Ok(T::ZERO);
    }
    let scale = i32::from(scale.max(0));
    let too_big = || {
        format!(
            "the value {} does not fit decimal({precision},{scale})",
            to_text(bytes)
        )
    };
    let ten_k = T::usize_as(10_000);
    // `acc · 10^exp` approximates the unscaled value; `exp` is the decimal exponent (in the
    // unscaled value) of the units place of the last digit consumed.
    let mut acc = T::ZERO;
    let mut exp = 4 * (weight + 1) + scale;
    let mut round_up = false;
    for i in 0..ndigits {
        let d = digit(bytes, i);
        let e = 4 * (weight - i as i32) + scale;
        if e >= 0 {
            acc = acc
                .mul_checked(ten_k)
                .and_then(|a| a.add_checked(T::usize_as(d as usize)))
                .map_err(|_| too_big())?;
            exp = e;
        } else if e > -4 {
            // The digit straddles the last kept decimal place.
            let k = (-e) as u32;
            let keep = d / 10u32.pow(k);
            let first_dropped = (d / 10u32.pow(k - 1)) % 10;
            acc = acc
                .mul_checked(pow10(4 - k).ok_or_else(too_big)?)
                .and_then(|a| a.add_checked(T::usize_as(keep as usize)))
                .map_err(|_| too_big())?;
            round_up = first_dropped >= 5;
            exp = 0;
            break;
        } else {
            // Entirely beyond the scale: only its first decimal digit matters, and only when
            // it directly follows the last kept place.
            round_up = exp == 0 && d >= 5000;
            exp = 0;
            break;
        }
    }
    if exp > 0 {
        acc = acc
            .mul_checked(pow10(exp as u32).ok_or_else(too_big)?)
            .map_err(|_| too_big())?;
    }
    if round_up {
        acc = acc.add_checked(T::ONE).map_err(|_| too_big())?;
    }
    let limit = pow10::<T>(u32::from(precision)).ok_or_else(too_big)?;
    if acc.is_ge(limit) {
        return Err(too_big());
    }
    if sign == SIGN_NEG {
        acc = acc.neg_checked().map_err(|_| too_big())?;
    }
    Ok(acc)
}

/// Appends the binary numeric of the unscaled `value` with `scale` (the 4-byte length first).
pub(crate) fn encode<T: ArrowNativeTypeOp>(
    value: T,
    scale: i8,
    out: &mut bytes::BytesMut,
) -> Result<(), String> {
    use bytes::BufMut;
    let neg = value.is_lt(T::ZERO);
    let (mut v, scale) = if scale >= 0 {
        let abs = if neg {
            value
                .neg_checked()
                .map_err(|_| "a decimal too large for numeric".to_string())?
        } else {
            value
        };
        (abs, scale as u32)
    } else {
        // A negative scale: multiply out (the value is an integer).
        let m = pow10::<T>(u32::from(scale.unsigned_abs()))
            .ok_or_else(|| "a decimal too large for numeric".to_string())?;
        let abs = value
            .mul_checked(m)
            .and_then(|a| if neg { a.neg_checked() } else { Ok(a) })
            .map_err(|_| "a decimal too large for numeric".to_string())?;
        (abs, 0)
    };
    // Base-10000 groups, least significant first, aligned so the point falls between groups.
    let mut groups: [u16; 40] = [0; 40];
    let mut n = 0usize;
    let r = scale % 4;
    let ten_k = T::usize_as(10_000);
    if r != 0 {
        let m: T = pow10(r).expect("10^3 fits");
        let low = v.mod_wrapping(m).as_usize() as u32;
        v = v.div_wrapping(m);
        groups[n] = (low * 10u32.pow(4 - r)) as u16;
        n += 1;
    }
    while !v.is_zero() {
        if n == groups.len() {
            return Err("a decimal too large for numeric".to_string());
        }
        groups[n] = v.mod_wrapping(ten_k).as_usize() as u16;
        v = v.div_wrapping(ten_k);
        n += 1;
    }
    let frac_groups = scale.div_ceil(4) as i32;
    // Strip trailing (least significant) zero groups; they do not move the weight.
    let mut low = 0usize;
    while low < n && groups[low] == 0 {
        low += 1;
    }
    let ndigits = n - low;
    let weight = if ndigits == 0 {
        0
    } else {
        n as i32 - 1 - frac_groups
    };
    out.put_i32(8 + 2 * ndigits as i32);
    out.put_u16(ndigits as u16);
    out.put_i16(weight as i16);
    out.put_u16(if neg && ndigits > 0 {
        SIGN_NEG
    } else {
        SIGN_POS
    });
    out.put_u16(scale as u16);
    for g in groups[low..n].iter().rev() {
        out.put_u16(*g);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_buffer::i256;

    /// The binary numeric for (`sign`, `weight`, `dscale`, digits).
    fn wire(sign: u16, weight: i16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend((digits.len() as u16).to_be_bytes());
        v.extend(weight.to_be_bytes());
        v.extend(sign.to_be_bytes());
        v.extend(dscale.to_be_bytes());
        for d in digits {
            v.extend(d.to_be_bytes());
        }
        v
    }

    #[test]
    fn decodes_with_rounding_and_scale() {
        // 12345.678 = [1, 2345, 6780], weight 1
        let b = wire(SIGN_POS, 1, 3, &[1, 2345, 6780]);
        assert_eq!(to_text(&b), "12345.678");
        assert_eq!(decode::<i128>(&b, 10, 3).unwrap(), 12_345_678);
        assert_eq!(decode::<i128>(&b, 10, 5).unwrap(), 1_234_567_800);
        assert_eq!(decode::<i128>(&b, 10, 2).unwrap(), 1_234_568);
        assert_eq!(decode::<i128>(&b, 10, 0).unwrap(), 12_346);
        // -0.00015 = [1, 5000] weight -1 (0.0001|5000)
        let b = wire(SIGN_NEG, -1, 5, &[1, 5000]);
        assert_eq!(to_text(&b), "-0.00015");
        assert_eq!(decode::<i128>(&b, 10, 4).unwrap(), -2);
        assert_eq!(decode::<i128>(&b, 10, 3).unwrap(), 0);
        // 10000 = [1] weight 1
        let b = wire(SIGN_POS, 1, 0, &[1]);
        assert_eq!(to_text(&b), "10000");
        assert_eq!(decode::<i128>(&b, 10, 2).unwrap(), 1_000_000);
        assert!(
            decode::<i128>(&b, 5, 1)
                .unwrap_err()
                .contains("does not fit")
        );
        assert!(
            decode::<i128>(&wire(SIGN_NAN, 0, 0, &[]), 5, 1)
                .unwrap_err()
                .contains("NaN")
        );
        assert_eq!(decode::<i128>(&wire(SIGN_POS, 0, 4, &[]), 5, 1).unwrap(), 0);
        // 0.9999 rounded to 0 places → 1
        let b = wire(SIGN_POS, -1, 4, &[9999]);
        assert_eq!(decode::<i128>(&b, 3, 0).unwrap(), 1);
        // 0.00004 at scale 4: below half → 0; 0.00005 → 1
        assert_eq!(
            decode::<i128>(&wire(SIGN_POS, -2, 5, &[4000]), 5, 4).unwrap(),
            0
        );
        assert_eq!(
            decode::<i128>(&wire(SIGN_POS, -2, 5, &[5000]), 5, 4).unwrap(),
            1
        );
        let big = decode::<i256>(&wire(SIGN_POS, 12, 0, &[1]), 76, 10).unwrap();
        assert_eq!(big.to_string(), format!("1{}", "0".repeat(58)));
    }

    #[test]
    fn encode_decode_round_trip() {
        let cases: &[(i128, i8)] = &[
            (0, 0),
            (0, 3),
            (1, 0),
            (-1, 0),
            (12_345_678, 3),
            (-5, 5),
            (1_000_000, 2),
            (i128::MAX / 10, 38),
            (-(10i128.pow(38) - 1), 10),
            (99_990_000, 4),
            (123, -2),
        ];
        for &(v, s) in cases {
            let mut out = bytes::BytesMut::new();
            encode(v, s, &mut out).unwrap();
            let body = &out[4..];
            let want = if s < 0 {
                v * 10i128.pow(s.unsigned_abs().into())
            } else {
                v
            };
            assert_eq!(
                decode::<i128>(body, 38, s.max(0)).unwrap(),
                want,
                "{v} scale {s}: {}",
                to_text(body)
            );
        }
        let mut out = bytes::BytesMut::new();
        encode(-12_345_678i128, 3, &mut out).unwrap();
        assert_eq!(to_text(&out[4..]), "-12345.678");
        let mut out = bytes::BytesMut::new();
        let v = i256::from_string(&"9".repeat(76)).unwrap();
        encode(v, 20, &mut out).unwrap();
        assert_eq!(decode::<i256>(&out[4..], 76, 20).unwrap(), v);
    }
}
