//! The .NET value-form helpers (jsv.md §4.1, §6, §7).

use serde::{Deserialize, Serialize};
use serde_jsv::dotnet::{base64, guid, timespan};
use serde_jsv::{from_str, to_string};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Span(#[serde(with = "serde_jsv::dotnet::timespan")] std::time::Duration);

// jsv.md §7.3
#[test]
fn timespan_reader_forms() {
    use std::time::Duration;
    let cases = [
        ("PT1H30M", Duration::from_secs(5400)),
        ("P2DT0.5S", Duration::from_millis(2 * 86_400_000 + 500)),
        ("01:30:00", Duration::from_secs(5400)),
        ("1.02:03:04.5", Duration::from_millis(93_784_500)),
        ("00:00:00.0000001", Duration::from_nanos(100)),
        ("12:30", Duration::from_secs(45_000)),
        ("90", Duration::from_secs(90)),
        ("1.5", Duration::from_millis(1500)),
        ("PT0.123456789S", Duration::from_nanos(123_456_789)),
    ];
    for (text, d) in cases {
        assert_eq!(timespan::parse(text), Some(d), "{text}");
        assert_eq!(from_str::<Span>(text).unwrap(), Span(d), "{text}");
    }
    for bad in [
        "", "P", "PT", "P1H", "PT1D", "1:2:3:4", "25:00:00", "00:60", "abc", "-PT1S", "PT1.5M",
    ] {
        assert_eq!(timespan::parse(bad), None, "{bad}");
    }
    #[cfg(feature = "time")]
    {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Signed(#[serde(with = "serde_jsv::dotnet::timespan::signed")] time::Duration);
        assert!(from_str::<Signed>("-P106751991167300DT23H59M59.9999999S").is_err());
        assert!(from_str::<Signed>("P106751991167300D").is_ok());
    }
    let err = from_str::<Span>("soon").unwrap_err();
    assert_eq!(err.offset(), Some(0));
}

// jsv.md §7.3: precision is the .NET tick
#[test]
fn timespan_writer_truncates_to_ticks() {
    assert_eq!(
        timespan::format(std::time::Duration::from_nanos(1_000_000_199)),
        "PT1.0000001S"
    );
    assert_eq!(
        timespan::format(std::time::Duration::from_nanos(99)),
        "PT0S"
    );
    assert_eq!(timespan::format_nanos(-90 * 60 * 1_000_000_000), "-PT1H30M");
}

// jsv.md §7.4
#[test]
fn guid_forms() {
    let bytes = guid::parse("96d7a49f7a0f46918661217995c5e4cc").unwrap();
    assert_eq!(bytes[0], 0x96);
    assert_eq!(bytes[15], 0xcc);
    assert_eq!(
        guid::parse("(96D7A49F-7A0F-4691-8661-217995C5E4CC)"),
        Some(bytes)
    );
    assert_eq!(
        guid::parse("{96d7a49f7a0f46918661217995c5e4cc}"),
        Some(bytes)
    );
    assert_eq!(guid::parse("96d7a49f-7a0f46918661217995c5e4cc"), None);
}

#[cfg(feature = "uuid")]
#[test]
fn guid_with_uuid() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::guid")]
        id: uuid::Uuid,
        #[serde(with = "serde_jsv::dotnet::guid::option", default)]
        parent: Option<uuid::Uuid>,
    }
    let id = uuid::Uuid::from_u128(0x7da74353_a40c_468e_93aa_7ff51f4f0e84);
    let v = T { id, parent: None };
    assert_eq!(
        to_string(&v).unwrap(),
        "{Id:7da74353a40c468e93aa7ff51f4f0e84}"
    );
    let back: T = from_str(
        "{Id:7DA74353-A40C-468E-93AA-7FF51F4F0E84,Parent:{7da74353-a40c-468e-93aa-7ff51f4f0e84}}",
    )
    .unwrap();
    assert_eq!(
        back,
        T {
            id,
            parent: Some(id)
        }
    );
    assert!(from_str::<T>("{Id:not-a-guid}").is_err());
    // Other formats see a plain string.
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"Id":"7da74353a40c468e93aa7ff51f4f0e84","Parent":null}"#
    );
}

#[cfg(feature = "rust_decimal")]
#[test]
fn decimal_keeps_scale() {
    use rust_decimal::Decimal;
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::decimal")]
        amount: Decimal,
        #[serde(with = "serde_jsv::dotnet::decimal::option", default)]
        tax: Option<Decimal>,
    }
    let v = T {
        amount: Decimal::new(330, 2),
        tax: Some(Decimal::new(-5, 0)),
    };
    assert_eq!(to_string(&v).unwrap(), "{Amount:3.30,Tax:-5}");
    assert_eq!(from_str::<T>("{Amount:3.30,Tax:-5}").unwrap(), v);
    let back: T = from_str("{Amount:\"1,234.500\",Tax:1.5E2}").unwrap();
    assert_eq!(back.amount.to_string(), "1234.500");
    assert_eq!(back.tax, Some(Decimal::new(150, 0)));
    assert!(from_str::<T>("{Amount:1.2.3}").is_err());
}

#[cfg(feature = "time")]
#[test]
fn datetime_forms() {
    use serde_jsv::dotnet::datetime;
    use time::macros::{datetime, offset};
    let p = |t: &str| datetime::parse(t).unwrap_or_else(|| panic!("{t}"));
    assert_eq!(p("20140827").local, datetime!(2014-08-27 00:00));
    assert_eq!(p("27/08/2014").local, datetime!(2014-08-27 00:00));
    assert_eq!(
        p("2014-08-27 14:30:23").local,
        datetime!(2014-08-27 14:30:23)
    );
    assert_eq!(p("2014-08-27 14:30:23").offset, None);
    assert_eq!(p("2014-08-27 14:30:23Z").offset, Some(offset!(UTC)));
    assert_eq!(
        p("2014-08-27T14:30:23.1234567+0530").offset,
        Some(offset!(+5:30))
    );
    assert_eq!(p("2014-08-27T14:30-07").offset, Some(offset!(-7)));
    let wcf = p("/Date(1409150423000)/");
    assert_eq!(wcf.local, datetime!(2014-08-27 14:40:23));
    assert_eq!(wcf.offset, Some(offset!(UTC)));
    let wcf_off = p("\\/Date(1409150423000+0200)\\/");
    assert_eq!(wcf_off.local, datetime!(2014-08-27 16:40:23));
    for bad in [
        "",
        "2014-13-01",
        "2014-02-30",
        "14:30",
        "2014-08-27T25:00",
        "2014-08-27T10:00+26:00",
        "2014-08-27T10:00+01:60",
        "/Date(x)/",
    ] {
        assert_eq!(datetime::parse(bad), None, "{bad}");
    }
}

#[cfg(feature = "time")]
#[test]
fn datetime_writer() {
    use serde_jsv::dotnet::datetime;
    use time::macros::datetime;
    assert_eq!(
        datetime::format(datetime!(2010-12-20 00:00 UTC)),
        "2010-12-20"
    );
    assert_eq!(
        datetime::format(datetime!(2010-12-20 00:00 +2)),
        "2010-12-20"
    );
    assert_eq!(
        datetime::format(datetime!(2010-12-20 10:11:12 +5:30)),
        "2010-12-20T10:11:12+05:30"
    );
    assert_eq!(
        datetime::format(datetime!(2010-12-20 10:11:12.5 -8)),
        "2010-12-20T10:11:12.5000000-08:00"
    );
    assert_eq!(
        datetime::format(datetime!(2010-12-20 00:00:00.000000099 UTC)),
        "2010-12-20"
    );
    assert_eq!(
        datetime::primitive::format(datetime!(2010-12-20 10:11:12)),
        "2010-12-20T10:11:12"
    );
    assert_eq!(
        datetime::date::format(time::macros::date!(0001 - 01 - 01)),
        "0001-01-01"
    );

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::datetime::option", default)]
        at: Option<time::OffsetDateTime>,
        #[serde(with = "serde_jsv::dotnet::datetime::date")]
        day: time::Date,
    }
    let v = T {
        at: Some(datetime!(2010-12-20 10:11:12 UTC)),
        day: time::macros::date!(2010 - 12 - 21),
    };
    let text = to_string(&v).unwrap();
    assert_eq!(text, "{At:2010-12-20T10:11:12Z,Day:2010-12-21}");
    assert_eq!(from_str::<T>(&text).unwrap(), v);
    // A date with a time of day is not quietly truncated.
    assert!(from_str::<T>("{Day:2010-12-21T10:00:00}").is_err());
    // Raw (unquoted) in JSV, a string elsewhere; query strings percent-encode it.
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"At":"2010-12-20T10:11:12Z","Day":"2010-12-21"}"#
    );
    assert_eq!(
        serde_jsv::to_query_string(&v).unwrap(),
        "At=2010-12-20T10%3a11%3a12Z&Day=2010-12-21"
    );
}

// jsv.md §4.1 (V28)
#[test]
fn base64_bytes() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::base64")]
        data: Vec<u8>,
        #[serde(with = "serde_jsv::dotnet::base64::option", default)]
        more: Option<Vec<u8>>,
    }
    let v = T {
        data: vec![0, 65, 97, 255],
        more: Some(vec![1]),
    };
    assert_eq!(to_string(&v).unwrap(), "{Data:AEFh/w==,More:AQ==}");
    assert_eq!(from_str::<T>("{Data:AEFh/w==,More:AQ==}").unwrap(), v);
    assert_eq!(
        from_str::<T>("{Data:[0,65,97,255]}").unwrap().data,
        [0, 65, 97, 255]
    );
    assert_eq!(from_str::<T>("{Data:}").unwrap().data, Vec::<u8>::new());
    assert!(from_str::<T>("{Data:AEF}").is_err());
    assert_eq!(base64::decode("AE Fh/w =="), Some(vec![0, 65, 97, 255]));
    assert_eq!(
        serde_jsv::to_query_string(&v).unwrap(),
        "Data=AEFh%2fw%3d%3d&More=AQ%3d%3d"
    );
}
