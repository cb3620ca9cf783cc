//! Every test vector of jsv.md §11 (writer vectors byte-for-byte, reader vectors by value),
//! plus the vectors that §2-§10 cite but §11's table does not list (marked "cited in").

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_jsv::{Value, from_query_string, from_str, to_query_string, to_string};

fn s<T: Serialize + ?Sized>(v: &T) -> String {
    to_string(v).unwrap()
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Abcd {
    a: i32,
    b: i32,
    c: i32,
    d: i32,
}

// jsv.md §11 V1
#[test]
fn v01_int_list() {
    assert_eq!(s(&[1, 2, 3, 4, 5]), "[1,2,3,4,5]");
    assert_eq!(
        from_str::<Vec<i32>>("[1,2,3,4,5]").unwrap(),
        [1, 2, 3, 4, 5]
    );
}

// jsv.md §11 V2
#[test]
fn v02_poco_and_dictionary() {
    assert_eq!(
        s(&Abcd {
            a: 1,
            b: 2,
            c: 3,
            d: 4
        }),
        "{A:1,B:2,C:3,D:4}"
    );
    let map: BTreeMap<&str, i32> = [("A", 1), ("B", 2), ("C", 3), ("D", 4)].into();
    assert_eq!(s(&map), "{A:1,B:2,C:3,D:4}");
    assert_eq!(
        from_str::<Abcd>("{A:1,B:2,C:3,D:4}").unwrap(),
        Abcd {
            a: 1,
            b: 2,
            c: 3,
            d: 4
        }
    );
}

// jsv.md §11 V3
#[test]
fn v03_strings_with_spaces_and_bang() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        foo: &'static str,
        greet: &'static str,
    }
    assert_eq!(
        s(&T {
            foo: "Bar",
            greet: "Hello World!"
        }),
        "{Foo:Bar,Greet:Hello World!}"
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Named {
    name: String,
}

// jsv.md §11 V4
#[test]
fn v04_comma_is_quoted() {
    assert_eq!(
        s(&Named {
            name: "Me, Junior".into()
        }),
        r#"{Name:"Me, Junior"}"#
    );
    assert_eq!(
        from_str::<Named>(r#"{Name:"Me, Junior"}"#).unwrap().name,
        "Me, Junior"
    );
}

// jsv.md §11 V5
#[test]
fn v05_quotes_are_doubled() {
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        size: String,
    }
    assert_eq!(
        s(&T {
            size: "2\" x 1\"".into()
        }),
        r#"{Size:"2"" x 1"""}"#
    );
    assert_eq!(
        from_str::<T>(r#"{Size:"2"" x 1"""}"#).unwrap().size,
        "2\" x 1\""
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Floats {
    float: f32,
    double: f64,
    decimal: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct NullableFloats {
    float: Option<f32>,
    double: Option<f64>,
    decimal: Option<f64>,
}

// jsv.md §11 V6
#[test]
fn v06_float_types() {
    let v = Floats {
        float: 1.1,
        double: 2.2,
        decimal: 3.3,
    };
    assert_eq!(s(&v), "{Float:1.1,Double:2.2,Decimal:3.3}");
    assert_eq!(
        from_str::<Floats>("{Float:1.1,Double:2.2,Decimal:3.3}").unwrap(),
        v
    );
    let n = NullableFloats {
        float: Some(1.1),
        double: Some(2.2),
        decimal: Some(3.3),
    };
    assert_eq!(s(&n), "{Float:1.1,Double:2.2,Decimal:3.3}");
    assert_eq!(
        from_str::<NullableFloats>("{Float:1.1,Double:2.2,Decimal:3.3}").unwrap(),
        n
    );
}

// jsv.md §11 V6 (decimal as rust_decimal keeps its scale)
#[cfg(feature = "rust_decimal")]
#[test]
fn v06_decimal_type() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::decimal")]
        decimal: rust_decimal::Decimal,
    }
    let v = T {
        decimal: rust_decimal::Decimal::new(33, 1),
    };
    assert_eq!(s(&v), "{Decimal:3.3}");
    assert_eq!(from_str::<T>("{Decimal:3.3}").unwrap(), v);
}

// jsv.md §11 V7
#[test]
fn v07_larger_floats() {
    let v = Floats {
        float: 111111.1,
        double: 2222222.22,
        decimal: 33333333.333,
    };
    assert_eq!(
        s(&v),
        "{Float:111111.1,Double:2222222.22,Decimal:33333333.333}"
    );
    assert_eq!(
        from_str::<Floats>("{Float:111111.1,Double:2222222.22,Decimal:33333333.333}").unwrap(),
        v
    );
}

// jsv.md §11 V8
#[test]
fn v08_quoted_numbers() {
    let v: Floats = from_str(r#"{Float:"1111.1",Double:"2222.2",Decimal:"3333.3"}"#).unwrap();
    assert_eq!(
        v,
        Floats {
            float: 1111.1,
            double: 2222.2,
            decimal: 3333.3
        }
    );
}

// jsv.md §6.2 (cited as V9): thousands separators, quoted because `,` is a separator
#[test]
fn v09_thousands_separators() {
    let v: Floats = from_str(r#"{Float:"1,111.5",Double:"-2,222,222.25",Decimal:1e3}"#).unwrap();
    assert_eq!(
        v,
        Floats {
            float: 1111.5,
            double: -2222222.25,
            decimal: 1000.0
        }
    );
}

// jsv.md §11 V10
#[test]
fn v10_url_is_quoted() {
    assert_eq!(s("https://url.com"), r#""https://url.com""#);
    assert_eq!(s(&Value::from("https://url.com")), r#""https://url.com""#);
    assert_eq!(
        from_str::<String>(r#""https://url.com""#).unwrap(),
        "https://url.com"
    );
}

const ONE_TO_FIVE: [&str; 5] = ["One", "Two", "Three", "Four", "Five"];

// jsv.md §11 V11
#[test]
fn v11_parse_string_list() {
    assert_eq!(
        from_str::<Vec<String>>("[One,Two,Three,Four,Five]").unwrap(),
        ONE_TO_FIVE
    );
}

// jsv.md §11 V12
#[test]
fn v12_write_string_list() {
    assert_eq!(s(&ONE_TO_FIVE), "[One,Two,Three,Four,Five]");
    assert_eq!(s(&ONE_TO_FIVE.to_vec()), "[One,Two,Three,Four,Five]");
    let as_value = Value::List(ONE_TO_FIVE.iter().map(|&x| Value::from(x)).collect());
    assert_eq!(s(&as_value), "[One,Two,Three,Four,Five]");
}

// jsv.md §11 V13
#[test]
fn v13_empty_text_is_null() {
    assert_eq!(from_str::<Option<Vec<String>>>("").unwrap(), None);
    assert_eq!(
        from_str::<Option<HashMap<String, String>>>("").unwrap(),
        None
    );
    assert_eq!(from_str::<Value>("").unwrap(), Value::Null);
}

// jsv.md §11 V14
#[test]
fn v14_empty_list() {
    assert_eq!(from_str::<Vec<String>>("[]").unwrap(), Vec::<String>::new());
    assert_eq!(
        from_str::<Vec<String>>("[ ]").unwrap(),
        Vec::<String>::new()
    );
}

// jsv.md §11 V15
#[test]
fn v15_empty_map() {
    assert_eq!(
        from_str::<HashMap<String, String>>("{}").unwrap(),
        HashMap::new()
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
enum TestEnum {
    EnumValue1,
    EnumValue2,
}

// jsv.md §11 V16
#[test]
fn v16_enum_by_name() {
    assert_eq!(s(&TestEnum::EnumValue1), "EnumValue1");
    assert_eq!(s(&Some(TestEnum::EnumValue1)), "EnumValue1");
    assert_eq!(
        from_str::<TestEnum>("EnumValue1").unwrap(),
        TestEnum::EnumValue1
    );
    assert_eq!(
        from_str::<Option<TestEnum>>("EnumValue1").unwrap(),
        Some(TestEnum::EnumValue1)
    );
    assert_eq!(
        from_str::<TestEnum>("enumvalue2").unwrap(),
        TestEnum::EnumValue2
    );
}

// jsv.md §11 V17
#[test]
fn v17_null_enum_is_no_output() {
    assert_eq!(s(&None::<TestEnum>), "");
}

// jsv.md §11 V18 ([Flags] enums are written as their integer)
#[test]
fn v18_flags_enum_zero() {
    #[derive(Serialize)]
    struct Flags(u32);
    assert_eq!(s(&Flags(0)), "0");
}

// jsv.md §11 V19
#[test]
fn v19_guid_n_form() {
    let bytes = serde_jsv::dotnet::guid::parse("96d7a49f-7a0f-4691-8661-217995c5e4cc").unwrap();
    assert_eq!(
        serde_jsv::dotnet::guid::format_n(&bytes),
        "96d7a49f7a0f46918661217995c5e4cc"
    );
}

// jsv.md §11 V19 (as a serde field)
#[cfg(feature = "uuid")]
#[test]
fn v19_guid_field() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct G(#[serde(with = "serde_jsv::dotnet::guid")] uuid::Uuid);
    let id = uuid::Uuid::from_u128(0x96d7a49f_7a0f_4691_8661_217995c5e4cc);
    assert_eq!(s(&G(id)), "96d7a49f7a0f46918661217995c5e4cc");
    assert_eq!(
        from_str::<G>("96d7a49f7a0f46918661217995c5e4cc").unwrap(),
        G(id)
    );
}

// jsv.md §11 V20
#[cfg(feature = "time")]
#[test]
fn v20_date_only_at_midnight() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct D(#[serde(with = "serde_jsv::dotnet::datetime::primitive")] time::PrimitiveDateTime);
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct N(
        #[serde(with = "serde_jsv::dotnet::datetime::primitive::option")]
        Option<time::PrimitiveDateTime>,
    );
    let v = time::macros::datetime!(1979-05-09 00:00);
    assert_eq!(s(&D(v)), "1979-05-09");
    assert_eq!(s(&N(Some(v))), "1979-05-09");
    assert_eq!(from_str::<D>("1979-05-09").unwrap(), D(v));
    assert_eq!(from_str::<N>("1979-05-09").unwrap(), N(Some(v)));
}

// jsv.md §11 V21
#[test]
fn v21_empty_list() {
    assert_eq!(s(&Vec::<String>::new()), "[]");
    assert_eq!(s(&Value::List(vec![])), "[]");
}

// jsv.md §11 V22
#[test]
fn v22_multidimensional() {
    assert_eq!(s(&[[1.0, 0.0], [0.0, 1.0]]), "[[1,0],[0,1]]");
    let cube = [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]];
    assert_eq!(s(&cube), "[[[1,0],[1,0]],[[0,1],[0,1]]]");
    assert_eq!(
        from_str::<Vec<Vec<Vec<f64>>>>("[[[1,0],[1,0]],[[0,1],[0,1]]]").unwrap(),
        cube
    );
}

// jsv.md §11 V23
#[test]
fn v23_string_dictionary() {
    let ordered = Value::Map(vec![
        ("One".into(), "1st".into()),
        ("Two".into(), "2nd".into()),
        ("Three".into(), "3rd".into()),
    ]);
    assert_eq!(s(&ordered), "{One:1st,Two:2nd,Three:3rd}");
    let m: HashMap<String, String> = from_str("{One:1st,Two:2nd,Three:3rd}").unwrap();
    assert_eq!(m.len(), 3);
    assert_eq!(m["One"], "1st");
    assert_eq!(m["Two"], "2nd");
    assert_eq!(m["Three"], "3rd");
}

// jsv.md §5.1 (cited as V25): `:` does not end a plain value
#[test]
fn v25_colon_inside_plain_value() {
    let m: HashMap<String, String> = from_str("{One:1st,Two:2:nd,Three:3rd}").unwrap();
    assert_eq!(m["Two"], "2:nd");
}

// jsv.md §11 V26 (and V24, cited in §2.1)
#[test]
fn v26_string_list_with_special_chars() {
    let list = ["\"1st", "2:nd", "3r,d", "four%"];
    assert_eq!(s(&list), r#"["""1st","2:nd","3r,d",four%]"#);
    // jsv.md §4.2 (cited as V27): string elements are unquoted
    assert_eq!(
        from_str::<Vec<String>>(r#"["""1st","2:nd","3r,d",four%]"#).unwrap(),
        list
    );
}

// jsv.md §11 V28
#[test]
fn v28_bytes_as_base64() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct B(#[serde(with = "serde_jsv::dotnet::base64")] Vec<u8>);
    assert_eq!(s(&B(vec![0, 65, 97, 255])), "AEFh/w==");
    assert_eq!(from_str::<B>("AEFh/w==").unwrap(), B(vec![0, 65, 97, 255]));
    // serde's own bytes type goes through serialize_bytes, which writes Base64 too.
    struct Raw<'a>(&'a [u8]);
    impl Serialize for Raw<'_> {
        fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            ser.serialize_bytes(self.0)
        }
    }
    assert_eq!(s(&Raw(&[0, 65, 97, 255])), "AEFh/w==");
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
struct KeyOnly {
    #[serde(skip_serializing, default)]
    id: i32,
    key: String,
}

// jsv.md §11 V29
#[test]
fn v29_excluded_property() {
    assert_eq!(
        s(&KeyOnly {
            id: 1,
            key: "Value".into()
        }),
        "{Key:Value}"
    );
}

// jsv.md §11 V30
#[test]
fn v30_nested_only() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        obj: KeyOnly,
    }
    assert_eq!(
        s(&T {
            obj: KeyOnly {
                id: 1,
                key: "Value".into()
            }
        }),
        "{Obj:{Key:Value}}"
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Excluded {
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
}

// jsv.md §11 V31
#[test]
fn v31_nested_all_excluded() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        id: i32,
        name: &'static str,
        obj: Excluded,
    }
    assert_eq!(
        s(&T {
            id: 1234,
            name: "TEST",
            obj: Excluded { key: None }
        }),
        "{Id:1234,Name:TEST,Obj:{}}"
    );
}

// jsv.md §11 V32
#[test]
fn v32_list_of_objects() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        excludes: Vec<Excluded>,
    }
    let v = T {
        excludes: vec![
            Excluded {
                key: Some("Value".into()),
            },
            Excluded {
                key: Some("Value".into()),
            },
        ],
    };
    assert_eq!(s(&v), "{Excludes:[{Key:Value},{Key:Value}]}");
    assert_eq!(
        from_str::<T>("{Excludes:[{Key:Value},{Key:Value}]}").unwrap(),
        v
    );
}

// jsv.md §3.3 (cited as V33): case-insensitive property matching
#[test]
fn v33_case_insensitive_names() {
    assert_eq!(
        from_str::<Abcd>("{a:1,B:2,c:3,D:4}").unwrap(),
        Abcd {
            a: 1,
            b: 2,
            c: 3,
            d: 4
        }
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Aliased {
    #[serde(rename = "Id")]
    id: i32,
    #[serde(rename = "alias")]
    name: String,
}

// jsv.md §11 V35
#[test]
fn v35_data_member_alias() {
    let v = Aliased {
        id: 1,
        name: "foo".into(),
    };
    assert_eq!(s(&v), "{Id:1,alias:foo}");
    assert_eq!(from_str::<Aliased>("{Id:1,alias:foo}").unwrap(), v);
}

// jsv.md §11 V36
#[test]
fn v36_override_name() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(rename = "MyID")]
        id: i32,
        name: &'static str,
    }
    assert_eq!(
        s(&T {
            id: 123,
            name: "Abc"
        }),
        "{MyID:123,Name:Abc}"
    );
}

// jsv.md §11 V37 ([Flags] enum : ulong written as integers)
#[test]
fn v37_unsigned_flags() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        enum_prop1: u64,
        enum_prop2: u64,
    }
    const ONE: u64 = 1;
    const TWO: u64 = 2;
    const EIGHT: u64 = 8;
    assert_eq!(
        s(&T {
            enum_prop1: ONE | TWO,
            enum_prop2: EIGHT
        }),
        "{EnumProp1:3,EnumProp2:8}"
    );
}

/// An enum written as its integer (TreatEnumAsInteger).
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
#[serde(into = "u32", try_from = "u32")]
enum AsInt {
    One = 1,
    Two = 2,
}
impl From<AsInt> for u32 {
    fn from(v: AsInt) -> u32 {
        v as u32
    }
}
impl TryFrom<u32> for AsInt {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        match v {
            1 => Ok(AsInt::One),
            2 => Ok(AsInt::Two),
            _ => Err(format!("no AsInt {v}")),
        }
    }
}

// jsv.md §11 V38
#[test]
fn v38_enum_as_integer() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        enum_prop1: AsInt,
        enum_prop2: AsInt,
    }
    let v = T {
        enum_prop1: AsInt::One,
        enum_prop2: AsInt::Two,
    };
    assert_eq!(s(&v), "{EnumProp1:1,EnumProp2:2}");
    assert_eq!(from_str::<T>("{EnumProp1:1,EnumProp2:2}").unwrap(), v);
    assert!(from_str::<T>("{EnumProp1:3,EnumProp2:2}").is_err());
}

// jsv.md §11 V39
#[test]
fn v39_camel_case() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct T {
        #[serde(rename = "MyID")]
        id: i32,
        name: String,
    }
    let v = T {
        id: 123,
        name: "Abc".into(),
    };
    assert_eq!(s(&v), "{MyID:123,name:Abc}");
    assert_eq!(from_str::<T>("{MyID:123,Name:Abc}").unwrap(), v);
}

// jsv.md §11 V40
#[test]
fn v40_snake_case() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "snake_case")]
    struct T {
        #[serde(rename = "MyID")]
        id: i32,
        name: String,
        sur_name: String,
    }
    let v = T {
        id: 123,
        name: "Abc".into(),
        sur_name: "Xyz".into(),
    };
    assert_eq!(s(&v), "{MyID:123,name:Abc,sur_name:Xyz}");
    // Lenient matching also ignores `_`: a PascalCase server name binds too.
    assert_eq!(from_str::<T>("{MyID:123,Name:Abc,SurName:Xyz}").unwrap(), v);
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
enum Day {
    #[serde(rename = "SUN")]
    Sunday,
    #[serde(rename = "MON")]
    Monday,
}

// jsv.md §11 V41
#[test]
fn v41_enum_member_value_in_object() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        day: Day,
    }
    assert_eq!(s(&T { day: Day::Sunday }), "{Day:SUN}");
    assert_eq!(from_str::<T>("{Day:SUN}").unwrap(), T { day: Day::Sunday });
    assert_eq!(from_str::<T>("{day:sun}").unwrap(), T { day: Day::Sunday });
}

// jsv.md §11 V42
#[test]
fn v42_enum_member_value_at_root() {
    assert_eq!(s(&Day::Sunday), "SUN");
    assert_eq!(s(&Some(Day::Sunday)), "SUN");
    assert_eq!(from_str::<Day>("MON").unwrap(), Day::Monday);
}

// jsv.md §11 V43
#[cfg(feature = "time")]
#[test]
fn v43_date_only() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::datetime::date")]
        date: time::Date,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Root(#[serde(with = "serde_jsv::dotnet::datetime::date::option")] Option<time::Date>);
    let d = time::macros::date!(2001 - 01 - 13);
    assert_eq!(s(&Root(Some(d))), "2001-01-13");
    assert_eq!(s(&T { date: d }), "{Date:2001-01-13}");
    assert_eq!(from_str::<T>("{Date:2001-01-13}").unwrap(), T { date: d });
    assert_eq!(from_str::<Root>("2001-01-13").unwrap(), Root(Some(d)));
}

// jsv.md §11 V44 (DateHandler.UnixTime: the date as integer seconds)
#[cfg(feature = "time")]
#[test]
fn v44_unix_time() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        date: i64,
    }
    let secs = time::macros::datetime!(2001-01-13 00:00 UTC).unix_timestamp();
    assert_eq!(s(&secs), "979344000");
    assert_eq!(s(&T { date: secs }), "{Date:979344000}");
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Span(#[serde(with = "serde_jsv::dotnet::timespan")] std::time::Duration);

// jsv.md §11 V45
#[test]
fn v45_time_only() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(with = "serde_jsv::dotnet::timespan::option", default)]
        time: Option<std::time::Duration>,
    }
    let t = std::time::Duration::from_secs(13 * 3600 + 13 * 60 + 13);
    assert_eq!(s(&Span(t)), "PT13H13M13S");
    assert_eq!(s(&T { time: Some(t) }), "{Time:PT13H13M13S}");
    assert_eq!(
        from_str::<T>("{Time:PT13H13M13S}").unwrap(),
        T { time: Some(t) }
    );
    assert_eq!(from_str::<T>("{}").unwrap(), T { time: None });
}

// jsv.md §11 V46
#[test]
fn v46_timespans() {
    use std::time::Duration;
    let ms = Duration::from_millis;
    let secs = Duration::from_secs;
    let cases = [
        (secs(86_400), "P1D"),
        (secs(3600), "PT1H"),
        (secs(60), "PT1M"),
        (secs(1), "PT1S"),
        (ms(1), "PT0.001S"),
        (secs(86_400 + 3600 + 60 + 1) + ms(1), "P1DT1H1M1.001S"),
        (
            secs(86_400 + 2 * 3600 + 3 * 60 + 4) + Duration::from_nanos(567_000_100),
            "P1DT2H3M4.5670001S",
        ),
        (Duration::from_nanos(100), "PT0.0000001S"),
        (Duration::ZERO, "PT0S"),
        (secs(3605 * 86_400), "P3605D"),
        (secs(90_000 * 86_400), "P90000D"),
    ];
    for (d, text) in cases {
        assert_eq!(s(&Span(d)), text);
        assert_eq!(from_str::<Span>(text).unwrap(), Span(d), "{text}");
    }
    assert!(
        from_str::<Span>("-P1D").is_err(),
        "std Duration cannot be negative"
    );
}

// jsv.md §11 V46 (negative TimeSpans, TimeSpan.MaxValue)
#[cfg(feature = "time")]
#[test]
fn v46_signed_timespans() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Signed(#[serde(with = "serde_jsv::dotnet::timespan::signed")] time::Duration);
    let cases = [
        (time::Duration::days(-1), "-P1D"),
        (time::Duration::milliseconds(-1), "-PT0.001S"),
    ];
    for (d, text) in cases {
        assert_eq!(s(&Signed(d)), text);
        assert_eq!(from_str::<Signed>(text).unwrap(), Signed(d));
    }
    // TimeSpan.MaxValue / MinValue text as .NET writes it.
    let max = from_str::<Signed>("P10675199DT2H48M5.4775391S").unwrap().0;
    assert_eq!(
        max.whole_nanoseconds(),
        (10_675_199_i128 * 86_400 + 2 * 3600 + 48 * 60 + 5) * 1_000_000_000 + 477_539_100
    );
    assert_eq!(s(&Signed(max)), "P10675199DT2H48M5.4775391S");
    assert_eq!(s(&Signed(-max)), "-P10675199DT2H48M5.4775391S");
}

#[cfg(feature = "time")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Utc(#[serde(with = "serde_jsv::dotnet::datetime")] time::OffsetDateTime);

// jsv.md §11 V47
#[cfg(feature = "time")]
#[test]
fn v47_utc_whole_seconds() {
    let v = Utc(time::macros::datetime!(1979-05-09 00:00:01 UTC));
    assert_eq!(s(&v), "1979-05-09T00:00:01Z");
    assert_eq!(from_str::<Utc>("1979-05-09T00:00:01Z").unwrap(), v);
}

// jsv.md §11 V48
#[cfg(feature = "time")]
#[test]
fn v48_utc_fraction_seven_digits() {
    let v = Utc(time::macros::datetime!(1979-05-09 00:00:00.001 UTC));
    assert_eq!(s(&v), "1979-05-09T00:00:00.0010000Z");
    assert_eq!(from_str::<Utc>("1979-05-09T00:00:00.0010000Z").unwrap(), v);
    assert_eq!(
        from_str::<Utc>("1979-05-09T00:00:00.001Z").unwrap(),
        v,
        ".NET Framework form"
    );
}

#[cfg(feature = "time")]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Wall(#[serde(with = "serde_jsv::dotnet::datetime::primitive")] time::PrimitiveDateTime);

// jsv.md §11 V49
#[cfg(feature = "time")]
#[test]
fn v49_short_dates() {
    use time::macros::datetime;
    assert_eq!(
        from_str::<Wall>("2011-8-4").unwrap(),
        Wall(datetime!(2011-08-04 00:00))
    );
    assert_eq!(
        from_str::<Wall>("2011-8-05").unwrap(),
        Wall(datetime!(2011-08-05 00:00))
    );
    assert_eq!(
        from_str::<Wall>("2011-09-4").unwrap(),
        Wall(datetime!(2011-09-04 00:00))
    );
}

// jsv.md §11 V50
#[cfg(feature = "time")]
#[test]
fn v50_sql_server_style() {
    let v = from_str::<Wall>("2010-06-01 21:52:59.280").unwrap();
    assert_eq!(v, Wall(time::macros::datetime!(2010-06-01 21:52:59.280)));
}

// jsv.md §11 V51
#[cfg(feature = "time")]
#[test]
fn v51_skip_date_time_conversion() {
    use time::macros::{datetime, offset};
    let wall = datetime!(2016-01-10 12:12:12.002);
    for text in [
        "2016-01-10T12:12:12.002-15:00",
        "2016-01-10T12:12:12.002+05:00",
        "2016-01-10T12:12:12.002Z",
        "2016-01-10T12:12:12.002",
    ] {
        assert_eq!(from_str::<Wall>(text).unwrap(), Wall(wall), "{text}");
    }
    // The offset-aware reader keeps the offset.
    let with_offset = from_str::<Utc>("2016-01-10T12:12:12.002+05:00").unwrap().0;
    assert_eq!(with_offset, wall.assume_offset(offset!(+5)));
}

// jsv.md §7.2 (cited as V52): 24-28 chars with Z, 3-7 fraction digits
#[cfg(feature = "time")]
#[test]
fn v52_fraction_digits_with_z() {
    let v = Utc(time::macros::datetime!(2013-02-03 04:05:06.1234567 UTC));
    assert_eq!(from_str::<Utc>("2013-02-03T04:05:06.1234567Z").unwrap(), v);
    assert_eq!(s(&v), "2013-02-03T04:05:06.1234567Z");
    let v3 = Utc(time::macros::datetime!(2013-02-03 04:05:06.123 UTC));
    assert_eq!(from_str::<Utc>("2013-02-03T04:05:06.123Z").unwrap(), v3);
}

#[cfg(all(feature = "time", feature = "uuid"))]
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Message {
    #[serde(with = "serde_jsv::dotnet::guid")]
    id: uuid::Uuid,
    #[serde(with = "serde_jsv::dotnet::datetime::primitive")]
    created_date: time::PrimitiveDateTime,
    priority: i32,
    retry_attempts: i32,
    options: i32,
    body: String,
}

#[cfg(all(feature = "time", feature = "uuid"))]
fn message() -> Message {
    Message {
        id: uuid::Uuid::nil(),
        created_date: time::macros::datetime!(0001-01-01 00:00),
        priority: 0,
        retry_attempts: 0,
        options: 1,
        body: "test".into(),
    }
}

// jsv.md §11 V53
#[cfg(all(feature = "time", feature = "uuid"))]
#[test]
fn v53_message_with_defaults() {
    let text = "{Id:00000000000000000000000000000000,CreatedDate:0001-01-01,Priority:0,RetryAttempts:0,Options:1,Body:test}";
    assert_eq!(s(&message()), text);
    assert_eq!(from_str::<Message>(text).unwrap(), message());
}

// jsv.md §11 V54
#[cfg(all(feature = "time", feature = "uuid"))]
#[test]
fn v54_type_info() {
    #[derive(Serialize)]
    struct Typed<'a, T> {
        __type: &'a str,
        #[serde(flatten)]
        value: T,
    }
    let ty = "ServiceStack.Messaging.Message`1[[System.String, System.Private.CoreLib]], ServiceStack.Interfaces";
    let text = "{__type:\"ServiceStack.Messaging.Message`1[[System.String, System.Private.CoreLib]], ServiceStack.Interfaces\",Id:00000000000000000000000000000000,CreatedDate:0001-01-01,Priority:0,RetryAttempts:0,Options:1,Body:test}";
    assert_eq!(
        s(&Typed {
            __type: ty,
            value: message()
        }),
        text
    );
    // Readers ignore `__type` (§8).
    assert_eq!(from_str::<Message>(text).unwrap(), message());
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct TestParameter {
    value: String,
}

// jsv.md §11 V55
#[test]
fn v55_interface_typed_property() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Param {
        #[serde(rename = "__type")]
        ty: &'static str,
        value: &'static str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Obj {
        #[serde(rename = "__type")]
        ty: &'static str,
        interface_parameter: Param,
    }
    let v = Obj {
        ty: "ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestObject, ServiceStack.Text.Tests",
        interface_parameter: Param {
            ty: "ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestParameter, ServiceStack.Text.Tests",
            value: "Some Value",
        },
    };
    let text = r#"{__type:"ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestObject, ServiceStack.Text.Tests",InterfaceParameter:{__type:"ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestParameter, ServiceStack.Text.Tests",Value:Some Value}}"#;
    assert_eq!(s(&v), text);
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Back {
        interface_parameter: TestParameter,
    }
    assert_eq!(
        from_str::<Back>(text).unwrap().interface_parameter.value,
        "Some Value"
    );
}

// jsv.md §11 V56
#[test]
fn v56_concrete_property_has_no_type() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Obj {
        #[serde(rename = "__type")]
        ty: &'static str,
        parameter: TestParameter,
    }
    let v = Obj {
        ty: "ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestObject, ServiceStack.Text.Tests",
        parameter: TestParameter {
            value: "Some Value".into(),
        },
    };
    assert_eq!(
        s(&v),
        r#"{__type:"ServiceStack.Text.Tests.JsvTests.GeneratedJsvTests+TestObject, ServiceStack.Text.Tests",Parameter:{Value:Some Value}}"#
    );
}

// jsv.md §11 V57
#[test]
fn v57_default_ints_are_written() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        public_int: i32,
        public_get_int: i32,
    }
    assert_eq!(
        s(&T {
            public_int: 0,
            public_get_int: 1
        }),
        "{PublicInt:0,PublicGetInt:1}"
    );
}

// jsv.md §11 V58 (and V85's first body, V3's sibling)
#[test]
fn v58_struct_value() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        id: i32,
        name: String,
    }
    assert_eq!(
        s(&T {
            id: 1,
            name: "foo".into()
        }),
        "{Id:1,Name:foo}"
    );
}

// jsv.md §11 V59
#[test]
fn v59_to_string_with_colons_is_quoted() {
    assert_eq!(
        s("00000000000000000000000000000000:0:0:0:0:0"),
        r#""00000000000000000000000000000000:0:0:0:0:0""#
    );
    assert_eq!(
        s("96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16"),
        r#""96d7a49f7a0f46918661217995c5e4cc:1:1:1:1:16""#
    );
}

// jsv.md §11 V60
#[test]
fn v60_nested_poco_as_string_property() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Car {
        name: &'static str,
        age: i32,
    }
    let text = s(&Car {
        name: "BMW X6",
        age: 3,
    });
    assert_eq!(text, "{Name:BMW X6,Age:3}");
    // A string property reading a `{…}` token gets its raw text.
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Holder {
        car: String,
    }
    assert_eq!(
        from_str::<Holder>("{Car:{Name:BMW X6,Age:3}}").unwrap().car,
        text
    );
}

// jsv.md §11 V61
#[test]
fn v61_collections_to_jsv() {
    assert_eq!(s(&[1, 2]), "[1,2]");
    assert_eq!(s(&["foo", "bar"]), "[foo,bar]");
    assert_eq!(s(&["a, b", "c 'd"]), r#"["a, b",c 'd]"#);
}

// jsv.md §11 V62
#[test]
fn v62_property_values() {
    let guid = serde_jsv::dotnet::guid::parse("7da74353-a40c-468e-93aa-7ff51f4f0e84").unwrap();
    assert_eq!(
        serde_jsv::dotnet::guid::format_n(&guid),
        "7da74353a40c468e93aa7ff51f4f0e84"
    );
    assert_eq!(s(&false), "False");
    assert_eq!(s(&2.11), "2.11");
}

// jsv.md §11 V62 (the DateTime)
#[cfg(feature = "time")]
#[test]
fn v62_date_value() {
    assert_eq!(
        s(&Wall(time::macros::datetime!(2010-12-20 00:00))),
        "2010-12-20"
    );
}

// jsv.md §2.1/§4.2 (cited as V63): spaces and tabs are kept and not quoted
#[test]
fn v63_whitespace_kept() {
    let list = [" lead", "trail ", "\ttab"];
    assert_eq!(s(&list), "[ lead,trail ,\ttab]");
    assert_eq!(
        from_str::<Vec<String>>("[ lead,trail ,\ttab]").unwrap(),
        list
    );
}

// jsv.md §5.2 (cited as V64): quoted keys, so simple JSON objects read as JSV
#[test]
fn v64_json_object_as_jsv() {
    let v: Abcd = from_str(r#"{"A":1,"B":"2","c":3,"D":4}"#).unwrap();
    assert_eq!(
        v,
        Abcd {
            a: 1,
            b: 2,
            c: 3,
            d: 4
        }
    );
}

// jsv.md §4.2/§6.2/§7.4 (cited as V65): bracketless lists, bool spellings, Guid forms
#[test]
fn v65_lenient_reader() {
    assert_eq!(from_str::<Vec<i32>>("1,2,3").unwrap(), [1, 2, 3]);
    for (t, v) in [
        ("True", true),
        ("true", true),
        ("False", false),
        ("false", false),
    ] {
        assert_eq!(from_str::<bool>(t).unwrap(), v);
    }
    let n = serde_jsv::dotnet::guid::parse("7da74353a40c468e93aa7ff51f4f0e84");
    assert_eq!(
        serde_jsv::dotnet::guid::parse("{7DA74353-A40C-468E-93AA-7FF51F4F0E84}"),
        n
    );
}

// jsv.md §11 V66
#[test]
fn v66_string_round_trips() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Poco {
        name: Option<String>,
    }
    let cases = [
        (
            Some("\"This is a string surrounded with quotes\""),
            r#"{Name:"""This is a string surrounded with quotes"""}"#,
        ),
        (Some(""), r#"{Name:""}"#),
        (None, "{}"),
    ];
    for (name, text) in cases {
        let v = Poco {
            name: name.map(str::to_owned),
        };
        assert_eq!(s(&v), text);
        assert_eq!(from_str::<Poco>(text).unwrap(), v);
    }
}

// jsv.md §11 V67
#[test]
fn v67_omitted_property_keeps_default() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        #[serde(default = "initial", skip_serializing_if = "Option::is_none")]
        items: Option<Vec<String>>,
    }
    fn initial() -> Option<Vec<String>> {
        Some(Vec::new())
    }
    assert_eq!(s(&T { items: None }), "{}");
    assert_eq!(
        from_str::<T>("{}").unwrap(),
        T {
            items: Some(Vec::new())
        }
    );
}

// jsv.md §4.1 (cited as V68): null elements, last item null
#[test]
fn v68_null_elements() {
    let list = [Some("a"), Some(""), None, Some("b")];
    assert_eq!(s(&list), r#"[a,"",,b]"#);
    let back: Vec<Option<String>> = from_str(r#"[a,"",,b]"#).unwrap();
    assert_eq!(
        back,
        [
            Some("a".to_owned()),
            Some(String::new()),
            None,
            Some("b".to_owned())
        ]
    );
    assert_eq!(s(&[Some(1), None]), "[1,]");
    assert_eq!(
        from_str::<Vec<Option<i32>>>("[1,]").unwrap(),
        [Some(1), None]
    );
}

// jsv.md §11 V69
#[test]
fn v69_literal_quote_and_comma() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        test_string: String,
        other_string: String,
    }
    let v = T {
        test_string: "test\"".into(),
        other_string: "$100,000".into(),
    };
    let text = r#"{TestString:"test""",OtherString:"$100,000"}"#;
    assert_eq!(s(&v), text);
    assert_eq!(from_str::<T>(text).unwrap(), v);
}

// jsv.md §5.1 (cited as V70): unquoted URNs, True
#[test]
fn v70_urn_values() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        id: String,
        flag: bool,
    }
    let v: T = from_str("{Id:urn:post:2014/1,Flag:True}").unwrap();
    assert_eq!(
        v,
        T {
            id: "urn:post:2014/1".into(),
            flag: true
        }
    );
}

// jsv.md §11 V71
#[test]
fn v71_all_null_members() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct ResponseStatus {
        error_code: Option<String>,
        message: Option<String>,
        errors: Option<Vec<String>>,
    }
    assert_eq!(
        s(&ResponseStatus {
            error_code: None,
            message: None,
            errors: None
        }),
        "{}"
    );
}

// jsv.md §2.1 (cited as V72): JSV inside a string gets one more level of doubling
#[test]
fn v72_jsv_inside_a_string() {
    let inner = s(&Named {
        name: "a \"b\"".into(),
    });
    assert_eq!(inner, r#"{Name:"a ""b"""}"#);
    let outer = s(&Named {
        name: inner.clone(),
    });
    assert_eq!(outer, r#"{Name:"{Name:""a """"b""""""}"}"#);
    let back: Named = from_str(&outer).unwrap();
    assert_eq!(from_str::<Named>(&back.name).unwrap().name, "a \"b\"");
}

// jsv.md §8 (cited as V73): object targets get the unquoted string; "" vs null
#[test]
fn v73_object_values() {
    let v: Value = from_str(r#"{A:"x,y",B:"",C:}"#).unwrap();
    assert_eq!(v["A"], Value::from("x,y"));
    assert_eq!(v["B"], Value::from(""));
    assert_eq!(v["C"], Value::Null);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct QsAb {
    #[serde(rename = "A")]
    a: Option<i32>,
    #[serde(rename = "B")]
    b: Option<i32>,
}

// jsv.md §11 V74
#[test]
fn v74_query_string_basics() {
    #[derive(Serialize)]
    struct Empty {}
    assert_eq!(
        to_query_string(&QsAb {
            a: Some(1),
            b: Some(2)
        })
        .unwrap(),
        "A=1&B=2"
    );
    assert_eq!(
        to_query_string(&QsAb {
            a: None,
            b: Some(2)
        })
        .unwrap(),
        "B=2"
    );
    assert_eq!(to_query_string(&Empty {}).unwrap(), "");
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct B {
    property: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    property2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    property3: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct A {
    list_of_b: Vec<B>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct TestRequest {
    list_of_a: Vec<A>,
}

fn b(p: &str) -> B {
    B {
        property: p.into(),
        property2: None,
        property3: None,
    }
}

// jsv.md §11 V75
#[test]
fn v75_query_string_nested_lists() {
    let req = TestRequest {
        list_of_a: vec![A {
            list_of_b: vec![b("prop1"), b("prop2")],
        }],
    };
    assert_eq!(
        to_query_string(&req).unwrap(),
        "ListOfA={ListOfB:[{Property:prop1},{Property:prop2}]}"
    );
}

// jsv.md §11 V76
#[test]
fn v76_query_string_root_arrays() {
    assert_eq!(to_query_string(&[1, 2, 3]).unwrap(), "[1,2,3]");
    assert_eq!(to_query_string(&["AA", "BB", "CC"]).unwrap(), "[AA,BB,CC]");
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct QsProperty {
    property: String,
}

// jsv.md §11 V77
#[test]
fn v77_query_string_quoted_strings() {
    let q = |p: &str| to_query_string(&QsProperty { property: p.into() }).unwrap();
    assert_eq!(q("\"quoted content\""), "Property=%22quoted+content%22");
    assert_eq!(
        q("\"quoted content, and with a comma\""),
        "Property=%22quoted+content,+and+with+a+comma%22"
    );
}

// jsv.md §11 V78
#[test]
fn v78_query_string_comma_in_nested_property() {
    let inner = B {
        property: "Doe, John".into(),
        property2: Some("Doe".into()),
        property3: Some("John".into()),
    };
    let req = TestRequest {
        list_of_a: vec![A {
            list_of_b: vec![inner],
        }],
    };
    assert_eq!(
        to_query_string(&req).unwrap(),
        "ListOfA={ListOfB:[{Property:%22Doe,+John%22,Property2:Doe,Property3:John}]}"
    );
}

// jsv.md §11 V79
#[test]
fn v79_query_string_list_with_colons() {
    #[derive(Serialize)]
    struct T {
        list: Vec<&'static str>,
    }
    assert_eq!(
        to_query_string(&T {
            list: vec!["Foo:Bar", "Get:Out"]
        })
        .unwrap(),
        "list=Foo%3aBar,Get%3aOut"
    );
}

// jsv.md §11 V80
#[test]
fn v80_query_string_newline_and_tab() {
    #[derive(Serialize)]
    struct N {
        newline: &'static str,
    }
    #[derive(Serialize)]
    struct T {
        tab: &'static str,
    }
    assert_eq!(
        to_query_string(&N { newline: "\r\n" }).unwrap(),
        "newline=%0d%0a"
    );
    assert_eq!(to_query_string(&T { tab: "\t" }).unwrap(), "tab=%09");
}

#[derive(Serialize)]
struct QsA {
    #[serde(rename = "A")]
    a: &'static str,
}

// jsv.md §11 V81
#[test]
fn v81_query_string_comma_and_spaces() {
    assert_eq!(
        to_query_string(&QsA {
            a: "Field with comma, to demo. "
        })
        .unwrap(),
        "A=Field+with+comma,+to+demo.+"
    );
}

// jsv.md §11 V82
#[test]
fn v82_query_string_unicode() {
    assert_eq!(
        to_query_string(&QsA {
            a: "\u{BBEC}\u{3F3C}"
        })
        .unwrap(),
        "A=%eb%af%ac%e3%bc%bc"
    );
    assert_eq!(
        to_query_string(&QsA { a: "한국어" }).unwrap(),
        "A=%ed%95%9c%ea%b5%ad%ec%96%b4"
    );
}

// jsv.md §11 V83
#[test]
fn v83_query_string_binding_strings_raw() {
    let v: QsProperty = from_query_string("Property=%22%22quoted%20content%22%22").unwrap();
    assert_eq!(v.property, "\"\"quoted content\"\"");
    let v: TestRequest = from_query_string(
        "ListOfA={ListOfB:[{Property:\"Doe,%20John\",Property2:Doe,Property3:John}]}",
    )
    .unwrap();
    let b0 = &v.list_of_a[0].list_of_b[0];
    assert_eq!(b0.property, "Doe, John");
    assert_eq!(b0.property2.as_deref(), Some("Doe"));
    assert_eq!(b0.property3.as_deref(), Some("John"));
}

// jsv.md §11 V84
#[test]
fn v84_bracketless_list_of_one_object() {
    let v: TestRequest =
        from_query_string("ListOfA={ListOfB:[{Property:prop1},{Property:prop2}]}").unwrap();
    assert_eq!(
        v,
        TestRequest {
            list_of_a: vec![A {
                list_of_b: vec![b("prop1"), b("prop2")]
            }]
        }
    );
}

// jsv.md §11 V85
#[test]
fn v85_response_bodies() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Item {
        id: i32,
        name: String,
    }
    let items = vec![
        Item {
            id: 1,
            name: "foo".into(),
        },
        Item {
            id: 2,
            name: "bar".into(),
        },
    ];
    assert_eq!(s(&items[0]), "{Id:1,Name:foo}");
    assert_eq!(s(&items), "[{Id:1,Name:foo},{Id:2,Name:bar}]");
    assert_eq!(
        from_str::<Vec<Item>>("[{Id:1,Name:foo},{Id:2,Name:bar}]").unwrap(),
        items
    );
}

// jsv.md §11 V86
#[test]
fn v86_bracketless_query_arrays() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Movies {
        ratings: Vec<String>,
        ids: Vec<i32>,
        imdb_ids: Vec<String>,
    }
    let v: Movies =
        from_query_string("ratings=G,PG-13&ids=1,2&imdbIds=tt0071562,tt0060196").unwrap();
    assert_eq!(
        v,
        Movies {
            ratings: vec!["G".into(), "PG-13".into()],
            ids: vec![1, 2],
            imdb_ids: vec!["tt0071562".into(), "tt0060196".into()],
        }
    );
}

// jsv.md §11 V87
#[test]
fn v87_nested_poco() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Sub {
        name: String,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        id: i32,
        sub_type: Sub,
    }
    let v = T {
        id: 2,
        sub_type: Sub { name: "Sub".into() },
    };
    assert_eq!(s(&v), "{Id:2,SubType:{Name:Sub}}");
    assert_eq!(from_str::<T>("{Id:2,SubType:{Name:Sub}}").unwrap(), v);
}

// jsv.md §9.2 (cited as V88): bracketless `{…},{…}` list of objects
#[test]
fn v88_bracketless_objects() {
    let v: Vec<B> = from_str("{Property:a},{Property:b}").unwrap();
    assert_eq!(v, [b("a"), b("b")]);
}

// jsv.md §11 V89
#[test]
fn v89_js_client_texts() {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Kv {
        key: &'static str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct IdKv {
        id: i32,
        key: &'static str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct T {
        id: i32,
        name: &'static str,
        obj: Vec<IdKv>,
    }
    assert_eq!(s(&Kv { key: "Value" }), "{Key:Value}");
    assert_eq!(
        s(&T {
            id: 1234,
            name: "TEST",
            obj: vec![IdKv {
                id: 1,
                key: "Value"
            }]
        }),
        "{Id:1234,Name:TEST,Obj:[{Id:1,Key:Value}]}"
    );
    assert_eq!(
        s(&Floats {
            float: 1.1,
            double: 2.2,
            decimal: 3.3
        }),
        "{Float:1.1,Double:2.2,Decimal:3.3}"
    );
    assert_eq!(s("https://url.com"), "\"https://url.com\"");
    assert_eq!(s("1,2,3"), "\"1,2,3\"");
}

// jsv.md §11 V90
#[test]
fn v90_lowercase_bool_in_query() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct HelloTypes {
        bool: bool,
        int: i32,
    }
    assert_eq!(
        from_query_string::<HelloTypes>("?bool=false&int=0").unwrap(),
        HelloTypes {
            bool: false,
            int: 0
        }
    );
    assert_eq!(
        from_query_string::<HelloTypes>("bool=True&int=5").unwrap(),
        HelloTypes { bool: true, int: 5 }
    );
}
