//! The parts of sequences, mappings and spanned values, handed to serde one by one.

use serde::de::{DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess};

use super::{Event, Events, GiveUp, Result};

/// The items of a sequence.
pub(super) struct Items<'e, 'a> {
    pub(super) events: &'e mut Events<'a>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if matches!(self.events.peek()?.0, Event::SequenceEnd) {
            self.events.next()?;
            return Ok(None);
        }
        seed.deserialize(&mut *self.events).map(Some)
    }
}

/// The entries of a mapping; keys are plain or quoted scalars, each once.
pub(super) struct Entries<'e, 'a> {
    pub(super) events: &'e mut Events<'a>,
    /// Where this mapping's keys start in `events.keys`.
    pub(super) from: usize,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if matches!(self.events.peek()?.0, Event::MappingEnd) {
            self.events.next()?;
            return Ok(None);
        }
        self.events.key(self.from)?;
        seed.deserialize(&mut *self.events).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.events)
    }
}

/// A value with where it is written, for [`super::Spanned`]: its byte offset, its byte length,
/// then the value itself.
pub(super) struct SpannedParts<'e, 'a> {
    pub(super) events: &'e mut Events<'a>,
    pub(super) at: [u64; 2],
    pub(super) given: usize,
}

impl<'de> SeqAccess<'de> for SpannedParts<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        self.given += 1;
        match self.given {
            1 | 2 => seed
                .deserialize(self.at[self.given - 1].into_deserializer())
                .map(Some),
            3 => seed.deserialize(&mut *self.events).map(Some),
            _ => Ok(None),
        }
    }
}
