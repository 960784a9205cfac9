//! The serde mirror of zones.yaml: every key as written, with positions, before validation.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::yaml::Spanned;

/// A YAML mapping kept in written order, with the position of each key.
#[derive(Debug)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(SpannedMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Spanned<String>, V>()? {
                    entries.push((key, value));
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// zones.yaml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZones {
    pub version: Spanned<u32>,
    #[serde(default)]
    pub teams: SpannedMap<RawTeam>,
    #[serde(default)]
    pub exclusive: SpannedMap<Vec<Spanned<String>>>,
    #[serde(default)]
    pub shared: SpannedMap<SpannedMap<Spanned<String>>>,
    #[serde(default)]
    pub joint: SpannedMap<RawJoint>,
    #[serde(default)]
    pub readonly: Vec<Spanned<String>>,
    pub unowned: Option<Spanned<String>>,
    #[serde(default)]
    pub escalation: Vec<RawLevel>,
    #[serde(default)]
    pub phases: Vec<RawPhase>,
    pub dashboard: Option<RawDashboard>,
}

/// One team as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub name: Option<String>,
    pub dir: Spanned<String>,
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
}

/// One joint zone as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJoint {
    pub paths: Vec<Spanned<String>>,
    pub owners: Vec<Spanned<String>>,
}

/// One escalation level as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub level: Spanned<u32>,
    pub name: String,
    pub response: Spanned<String>,
}

/// One phase as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub id: Spanned<u32>,
    pub name: String,
}

/// Dashboard settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDashboard {
    pub offline_days: Option<Spanned<u32>>,
}
