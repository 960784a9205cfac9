//! Short strings kept inline (ids, team ids, durations, times as written), read from the text a
//! format hands over.
//!
//! `CompactString`'s own `Deserialize` asks for text borrowed for the whole read; a streamed
//! reader (the parse cache's) can lend each string only for a moment, and would run out of
//! room. These read each string as transient text instead.

use compact_str::CompactString;
use serde::Deserializer;
use serde::de::{Error, Visitor};

struct Text;

impl Visitor<'_> for Text {
    type Value = CompactString;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: Error>(self, text: &str) -> Result<CompactString, E> {
        Ok(text.into())
    }
}

struct Maybe;

impl<'de> Visitor<'de> for Maybe {
    type Value = Option<CompactString>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string or nothing")
    }
    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        text(d).map(Some)
    }
}

/// A string, read as transient text.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<CompactString, D::Error> {
    d.deserialize_string(Text)
}

/// An optional string, read as transient text.
pub(crate) fn maybe<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CompactString>, D::Error> {
    d.deserialize_option(Maybe)
}
