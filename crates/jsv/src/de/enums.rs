//! Enums: unit variants by name, other variants as `{Variant:value}`.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{Deserializer, match_name};
use crate::error::{Category, Error, Result};
use crate::read::Ctx;

/// A unit variant given by name.
pub(super) struct UnitVariant<'a, 'de> {
    pub(super) name: Cow<'de, str>,
    pub(super) start: usize,
    pub(super) de: &'a mut Deserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name: Cow<'de, str> = self.name.clone();
        let v = seed
            .deserialize(IntoDeserializer::<Error>::into_deserializer(name))
            .map_err(|e| self.de.fix(e, self.start))?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(self.de.err(
            Category::Data,
            "expected `{Variant:value}` for a newtype variant",
            self.start,
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(self.de.err(
            Category::Data,
            "expected `{Variant:[…]}` for a tuple variant",
            self.start,
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(self.de.err(
            Category::Data,
            "expected `{Variant:{…}}` for a struct variant",
            self.start,
        ))
    }
}

/// An externally tagged `{Variant:value}`.
pub(super) struct EnumAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) variants: &'static [&'static str],
}

impl<'de> de::EnumAccess<'de> for EnumAccess<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let (key, _, start) = self.de.r.key()?;
        let name = match_name(self.variants, &key).map_or(key, Cow::Borrowed);
        let v = seed
            .deserialize(IntoDeserializer::<Error>::into_deserializer(name))
            .map_err(|e| self.de.fix(e, start))?;
        self.de.ctx = Ctx::Obj;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAccess<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserializer::deserialize_ignored_any(self.de, de::IgnoredAny).map(drop)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let start = self.de.r.pos;
        seed.deserialize(&mut *self.de)
            .map_err(|e| self.de.fix(e, start))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self.de, "", fields, visitor)
    }
}
