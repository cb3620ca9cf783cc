//! Reading one seed record field by field, with errors that name `section[index].field`,
//! and the ids a collection already holds.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::wire;

/// One record of a section, read field by field; errors name `section[index].field`.
pub(super) struct Rec<'a> {
    section: &'static str,
    index: usize,
    map: &'a Map<String, Value>,
    used: Vec<&'static str>,
}

pub(super) type R<T> = Result<T, String>;

impl<'a> Rec<'a> {
    pub(super) fn new(section: &'static str, index: usize, value: &'a Value) -> R<Rec<'a>> {
        match value {
            Value::Object(map) => Ok(Rec {
                section,
                index,
                map,
                used: Vec::new(),
            }),
            _ => Err(format!("{section}[{index}]: expected an object")),
        }
    }

    pub(super) fn err(&self, field: &str, what: impl std::fmt::Display) -> String {
        format!("{}[{}].{field}: {what}", self.section, self.index)
    }

    pub(super) fn get(&mut self, field: &'static str) -> Option<&'a Value> {
        self.used.push(field);
        self.map.get(field).filter(|v| !v.is_null())
    }

    pub(super) fn req<T>(
        &mut self,
        field: &'static str,
        read: fn(&mut Self, &'static str) -> R<Option<T>>,
    ) -> R<T> {
        read(self, field)?.ok_or_else(|| self.err(field, "is required"))
    }

    pub(super) fn u64(&mut self, field: &'static str) -> R<Option<u64>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.err(field, "expected a whole number ≥ 0")),
        }
    }

    pub(super) fn i64(&mut self, field: &'static str) -> R<Option<i64>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.err(field, "expected a whole number")),
        }
    }

    pub(super) fn text(&mut self, field: &'static str) -> R<Option<String>> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.err(field, "expected a string")),
        }
    }

    pub(super) fn flag(&mut self, field: &'static str) -> R<Option<bool>> {
        match self.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.err(field, "expected true or false")),
        }
    }

    pub(super) fn decimal(&mut self, field: &'static str) -> R<Option<Decimal>> {
        let parsed = match self.get(field) {
            None => return Ok(None),
            Some(Value::String(s)) => wire::parse_decimal(s),
            Some(Value::Number(n)) => wire::parse_decimal(&n.to_string()),
            Some(_) => None,
        };
        parsed
            .map(Some)
            .ok_or_else(|| self.err(field, "expected an amount such as \"1.00\""))
    }

    pub(super) fn date(&mut self, field: &'static str) -> R<Option<time::Date>> {
        match self.text(field)? {
            None => Ok(None),
            Some(t) => wire::parse_club_date(&t)
                .map(Some)
                .ok_or_else(|| self.err(field, "expected a date such as \"2026-06-03\"")),
        }
    }

    pub(super) fn time(&mut self, field: &'static str) -> R<Option<time::Time>> {
        match self.text(field)? {
            None => Ok(None),
            Some(t) => wire::parse_club_time(&t)
                .map(Some)
                .ok_or_else(|| self.err(field, "expected a time such as \"18:30\"")),
        }
    }

    pub(super) fn instant(&mut self, field: &'static str) -> R<Option<OffsetDateTime>> {
        match self.text(field)? {
            None => Ok(None),
            Some(t) => OffsetDateTime::parse(&t, &Rfc3339)
                .map(Some)
                .map_err(|_| self.err(field, "expected an RFC 3339 instant")),
        }
    }

    pub(super) fn decimals(&mut self, field: &'static str) -> R<Vec<Decimal>> {
        match self.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => String::new(),
                    };
                    wire::parse_decimal(&text)
                        .ok_or_else(|| self.err(field, format!("item {i} is not an amount")))
                })
                .collect(),
            Some(_) => Err(self.err(field, "expected a list of amounts")),
        }
    }

    /// Refuses the fields nobody read.
    pub(super) fn finish(self) -> R<()> {
        match self.map.keys().find(|k| !self.used.contains(&k.as_str())) {
            Some(unknown) => Err(self.err(unknown, "unknown field")),
            None => Ok(()),
        }
    }
}

/// Ids already used in a collection (the state's and the seed's so far).
pub(super) struct Taken(BTreeSet<u64>);

impl Taken {
    pub(super) fn of(ids: impl Iterator<Item = u64>) -> Taken {
        Taken(ids.collect())
    }

    pub(super) fn claim(&mut self, rec: &Rec<'_>, field: &str, id: Option<u64>) -> R<()> {
        match id {
            Some(id) if !self.0.insert(id) => Err(rec.err(field, format!("{id} is already taken"))),
            _ => Ok(()),
        }
    }

    pub(super) fn has(&self, id: u64) -> bool {
        self.0.contains(&id)
    }
}

pub(super) fn check_ref(rec: &Rec<'_>, field: &str, taken: &Taken, id: u64, what: &str) -> R<()> {
    if taken.has(id) {
        Ok(())
    } else {
        Err(rec.err(field, format!("no {what} {id}")))
    }
}
