//! How the parse cache is encoded: entries as written (borrowed, with their new slots), the
//! findings of a parse as stored, and vectors read at the length the file states.

use serde::{Deserialize, Serialize};

use super::{Slot, Stat};
use crate::finding::Finding;

/// A [`super::Meta`] as the cache file holds it, with the slot its document has in that file: the
/// same fields in the same order, borrowed rather than copied.
#[derive(Serialize)]
pub(super) struct Written<'a> {
    pub(super) hash: &'a [u8; 20],
    pub(super) stat: &'a Stat,
    pub(super) team_at: (u32, u32),
    pub(super) slot: Slot,
    #[serde(serialize_with = "stored::serialize")]
    pub(super) findings: &'a [Finding],
}

/// Findings as stored: the fields a parse produces (parse findings carry no detail).
pub(super) mod stored {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::finding::{Code, Finding, Severity};

    #[derive(Serialize, Deserialize)]
    struct Stored {
        code: Code,
        severity: Severity,
        path: Option<String>,
        line: Option<u32>,
        column: Option<u32>,
        message: String,
        hint: Option<String>,
    }

    pub fn serialize<S: Serializer>(
        findings: &[Finding],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let stored: Vec<Stored> = findings
            .iter()
            .map(|f| Stored {
                code: f.code,
                severity: f.severity,
                path: f.path.clone(),
                line: f.line,
                column: f.column,
                message: f.message.clone(),
                hint: f.hint.clone(),
            })
            .collect();
        stored.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Finding>, D::Error> {
        let stored = Vec::<Stored>::deserialize(deserializer)?;
        stored
            .into_iter()
            .map(|s| {
                Ok(Finding {
                    severity: s.severity,
                    path: s.path,
                    line: s.line,
                    column: s.column,
                    hint: s.hint,
                    ..Finding::error(s.code, s.message)
                })
            })
            .collect()
    }
}

/// A writer of postcard's encoding that encodes each value into a buffer of its own first, and
/// hands the file whole runs of bytes: postcard's own writer hands it every byte through a call
/// of its own, which took half the time of writing the cache.
pub(super) struct Encoder<'w> {
    out: &'w mut dyn std::io::Write,
    scratch: Vec<u8>,
}

impl<'w> Encoder<'w> {
    pub(super) fn new(out: &'w mut dyn std::io::Write) -> Encoder<'w> {
        Encoder {
            out,
            scratch: vec![0; 64 << 10],
        }
    }

    /// One value, as `postcard::to_io` writes it.
    pub(super) fn put<T: Serialize + ?Sized>(&mut self, value: &T) -> std::io::Result<()> {
        match postcard::to_slice(value, &mut self.scratch) {
            Ok(bytes) => self.out.write_all(bytes),
            // Larger than the buffer (a very long title, say): encoded on its own.
            Err(postcard::Error::SerializeBufferFull) => {
                let bytes = postcard::to_allocvec(value).map_err(std::io::Error::other)?;
                self.out.write_all(&bytes)
            }
            Err(e) => Err(std::io::Error::other(e)),
        }
    }

    /// A sequence: its length, as postcard writes a sequence's (a varint, as for a `usize`), then
    /// each item.
    pub(super) fn seq<T: Serialize>(&mut self, items: &[T]) -> std::io::Result<()> {
        self.put(&items.len())?;
        items.iter().try_for_each(|item| self.put(item))
    }
}

/// A sequence read into a vector of exactly its length, which the cache states: grown by
/// doubling, the largest vectors would leave up to half their room unused.
pub(super) fn exact<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Exact<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            // A spoiled length fails to reserve, or reserves room never touched: reading then
            // stops at the end of the bytes, and the cache is not used.
            let _ = out.try_reserve_exact(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_seq(Exact(std::marker::PhantomData))
}
