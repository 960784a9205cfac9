//! A serde deserializer straight over the YAML parser's events, for the YAML that coord writes and
//! that people write by hand in status files: block or flow mappings and sequences of plain and
//! quoted scalars, each key once.
//!
//! It gives up (`None`) on anything whose meaning takes YAML's rules beyond that: anchors, aliases,
//! tags, merge keys, a plain scalar whose type the schema decides (a null where text is asked, a
//! float, a date where any value will do), more than one document, and any error. The caller then
//! parses the text with serde-saphyr, which decides the value or the error. So this path never
//! gives another answer than serde-saphyr, only the same one in half the time: the tests beside it
//! hold the two side by side over chosen documents, over every field of a status block replaced by
//! values YAML reads in ways of its own, and over blocks with bytes changed at random. It runs for
//! every status file of a first run.

use std::borrow::Cow;
use std::fmt;

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};
use serde::de::{self, DeserializeOwned, Visitor};

mod access;
mod scalar;
use access::{Entries, Items, SpannedParts};
use scalar::{decimal, is_null, may_be_typed, special_float};

/// The name under which [`super::Spanned`] asks for its value and position.
pub(super) const SPANNED: &str = "__coord_spanned";

/// Deeper than this, serde-saphyr (with its budget) decides.
const MAX_DEPTH: usize = 32;

/// More keys than this in one mapping, serde-saphyr decides: each key is compared with the
/// mapping's keys before it, which is quick for the twenty-odd keys of a status block only.
const MAX_KEYS: usize = 64;

/// `text` as `T`, when it is in the plain subset this module reads; `None` otherwise.
pub(super) fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        peeked: None,
        keys: Vec::new(),
        depth: 0,
    };
    match events.next().ok()?.0 {
        Event::StreamStart => {}
        _ => return None,
    }
    match events.next().ok()?.0 {
        Event::DocumentStart(..) => {}
        _ => return None,
    }
    let value = T::deserialize(&mut events).ok()?;
    match events.next().ok()?.0 {
        Event::DocumentEnd => {}
        _ => return None,
    }
    match events.next().ok()?.0 {
        Event::StreamEnd => Some(value),
        _ => None,
    }
}

/// Why the direct path stopped; never shown: serde-saphyr then says what is wrong, if anything.
#[derive(Debug)]
pub(super) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("outside the plain subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<M: fmt::Display>(_: M) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Events<'a> {
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<(Event<'a>, Span)>,
    /// The keys of the mappings open now, outermost first: a key seen twice gives up.
    keys: Vec<Cow<'a, str>>,
    depth: usize,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        match self.peeked.take() {
            Some(event) => Ok(event),
            None => match self.parser.next() {
                Some(Ok(event)) => Ok(event),
                _ => Err(GiveUp),
            },
        }
    }

    fn peek(&mut self) -> Result<&(Event<'a>, Span)> {
        if self.peeked.is_none() {
            self.peeked = Some(self.next()?);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    /// The next event as a scalar without anchor or tag: its text and style.
    fn scalar(&mut self) -> Result<(Cow<'a, str>, ScalarStyle)> {
        match self.next()?.0 {
            Event::Scalar(text, style, 0, None) if !special_float(&text, style) => {
                Ok((text, style))
            }
            _ => Err(GiveUp),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// Past one node, whatever it holds, under the same rules as a node that is read.
    fn skip(&mut self) -> Result<()> {
        match self.next()?.0 {
            Event::Scalar(text, style, 0, None) if !special_float(&text, style) => return Ok(()),
            Event::SequenceStart(_, 0, None) => {
                self.enter()?;
                while !matches!(self.peek()?.0, Event::SequenceEnd) {
                    self.skip()?;
                }
            }
            Event::MappingStart(_, 0, None) => {
                self.enter()?;
                let from = self.keys.len();
                while !matches!(self.peek()?.0, Event::MappingEnd) {
                    self.key(from)?;
                    self.skip()?;
                    self.skip()?;
                }
                self.keys.truncate(from);
            }
            _ => return Err(GiveUp),
        }
        self.next()?;
        self.depth -= 1;
        Ok(())
    }

    /// Check the next key of the mapping whose keys start at `from` in `keys`, and note it: a
    /// plain or quoted scalar, not a merge key, and not one the mapping already has.
    fn key(&mut self, from: usize) -> Result<()> {
        let key = match &self.peek()?.0 {
            Event::Scalar(text, style, 0, None) => {
                let merge = *style == ScalarStyle::Plain && text == "<<";
                if merge || is_null(text, *style) {
                    return Err(GiveUp);
                }
                text.clone()
            }
            _ => return Err(GiveUp),
        };
        let keys = &self.keys[from..];
        if keys.len() >= MAX_KEYS || keys.contains(&key) {
            return Err(GiveUp);
        }
        self.keys.push(key);
        Ok(())
    }
}

fn integer(events: &mut Events<'_>) -> Result<i128> {
    match events.scalar()? {
        (text, ScalarStyle::Plain) => decimal(&text).ok_or(GiveUp),
        _ => Err(GiveUp),
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let n = <$ty>::try_from(integer(self)?).map_err(|_| GiveUp)?;
            visitor.$visit(n)
        }
    )*};
}

macro_rules! give_up {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(GiveUp)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Events<'_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()?.0 {
            Event::SequenceStart(..) => self.deserialize_seq(visitor),
            Event::MappingStart(..) => self.deserialize_map(visitor),
            _ => match self.scalar()? {
                (text, ScalarStyle::Plain) if is_null(&text, ScalarStyle::Plain) => {
                    visitor.visit_unit()
                }
                (text, ScalarStyle::Plain) if text == "true" || text == "false" => {
                    visitor.visit_bool(text == "true")
                }
                (text, ScalarStyle::Plain) => match decimal(&text) {
                    Some(n) => match i64::try_from(n) {
                        Ok(n) => visitor.visit_i64(n),
                        Err(_) => Err(GiveUp),
                    },
                    None if may_be_typed(&text) => Err(GiveUp),
                    None => visitor.visit_str(&text),
                },
                (text, _) => visitor.visit_str(&text),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (text, ScalarStyle::Plain) if text == "true" || text == "false" => {
                visitor.visit_bool(text == "true")
            }
            _ => Err(GiveUp),
        }
    }

    integers!(
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64, deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64
    );

    give_up!(
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (text, style) if is_null(&text, style) => Err(GiveUp),
            (text, _) => visitor.visit_str(&text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.peek()?.0 {
            Event::Scalar(text, style, 0, None) if is_null(text, *style) => {
                self.next()?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.scalar()? {
            (text, style) if is_null(&text, style) => visitor.visit_unit(),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name != SPANNED {
            return visitor.visit_newtype_struct(self);
        }
        let span = self.peek()?.1;
        let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset()) else {
            return Err(GiveUp);
        };
        let at = [start as u64, end.saturating_sub(start) as u64];
        visitor.visit_seq(SpannedParts {
            events: self,
            at,
            given: 0,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()?.0 {
            Event::SequenceStart(_, 0, None) => {}
            _ => return Err(GiveUp),
        }
        self.enter()?;
        let value = visitor.visit_seq(Items { events: self })?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()?.0 {
            Event::MappingStart(_, 0, None) => {}
            _ => return Err(GiveUp),
        }
        self.enter()?;
        let from = self.keys.len();
        let value = visitor.visit_map(Entries { events: self, from })?;
        self.keys.truncate(from);
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests;
