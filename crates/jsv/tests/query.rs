//! Query-string writer and binder (jsv.md §9.2, §9.3) beyond the §11 vectors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_jsv::{from_query_string, to_query_string};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Filter {
    from: u32,
    to: u32,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Search {
    query: Option<String>,
    ids: Vec<u32>,
    names: Vec<String>,
    active: Option<bool>,
    range: Option<Filter>,
    ratio: Option<f64>,
    grid: Vec<Vec<u8>>,
}

fn search() -> Search {
    Search {
        query: Some("a&b=c d/é".into()),
        ids: vec![1, 2, 3],
        names: vec![
            "x,y".into(),
            "p:q".into(),
            "{z}".into(),
            " pad".into(),
            String::new(),
        ],
        active: Some(false),
        range: Some(Filter { from: 1, to: 9 }),
        ratio: Some(1e20),
        grid: vec![vec![1, 2], vec![3]],
    }
}

// jsv.md §9.3
#[test]
fn writes_like_servicestack_clients() {
    assert_eq!(
        to_query_string(&search()).unwrap(),
        "Query=a%26b%3dc+d%2f%c3%a9\
         &Ids=1,2,3\
         &Names=%22x,y%22,p%3aq,%22%7bz%7d%22,%22+pad%22,%22%22\
         &Active=False\
         &Range={From:1,To:9}\
         &Ratio=1E%2b20\
         &Grid=[[1,2],[3]]"
    );
}

// jsv.md §9.2
#[test]
fn binds_like_a_servicestack_server() {
    let qs = to_query_string(&search()).unwrap();
    assert_eq!(from_query_string::<Search>(&qs).unwrap(), search());
    // Bracketed lists, any case, unknown and empty parameters ignored.
    let v: Search =
        from_query_string("?ids=[4,5]&NAMES=a&unknown=1&query=&grid=[[1]]&Active=on,off").unwrap();
    assert_eq!(
        v,
        Search {
            query: None,
            ids: vec![4, 5],
            names: vec!["a".into()],
            active: Some(true),
            range: None,
            ratio: None,
            grid: vec![vec![1]],
        }
    );
}

#[test]
fn none_and_empty_dto() {
    #[derive(Serialize)]
    struct Empty {}
    #[derive(Serialize)]
    struct AllNone {
        a: Option<u8>,
        b: Option<String>,
    }
    assert_eq!(to_query_string(&Empty {}).unwrap(), "");
    assert_eq!(to_query_string(&AllNone { a: None, b: None }).unwrap(), "");
    assert_eq!(
        to_query_string(&AllNone {
            a: None,
            b: Some("x".into())
        })
        .unwrap(),
        "b=x"
    );
}

#[test]
fn maps_as_dtos() {
    let m: BTreeMap<&str, &str> = [("a b", "1"), ("c", "x,y")].into();
    assert_eq!(to_query_string(&m).unwrap(), "a+b=1&c=x,y");
    let back: BTreeMap<String, String> = from_query_string("a+b=1&c=x,y").unwrap();
    assert_eq!(back["a b"], "1");
    assert_eq!(back["c"], "x,y");
}

#[test]
fn enums_and_nested_strings() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Kind {
        Gold,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct T {
        kind: Kind,
        kinds: Vec<Kind>,
        inner: BTreeMap<String, String>,
    }
    let v = T {
        kind: Kind::Gold,
        kinds: vec![Kind::Gold],
        inner: [("k:1".into(), "\"q\" 1".into())].into(),
    };
    let qs = to_query_string(&v).unwrap();
    assert_eq!(
        qs,
        "kind=Gold&kinds=Gold&inner={%22k%3a1%22:%22%22%22q%22%22+1%22}"
    );
    assert_eq!(from_query_string::<T>(&qs).unwrap(), v);
}

#[test]
fn binding_errors_name_the_parameter() {
    let err = from_query_string::<Filter>("From=x&To=1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "query parameter `From`: expected u32, found `x` at line 1 column 1 (byte 0)"
    );
    let err = from_query_string::<Filter>("From=1").unwrap_err();
    assert_eq!(err.to_string(), "missing field `To`");
}
