//! What an atom carries beyond coord's own fields: custom fields under `extra:`, and
//! dependencies written with a note (`- ATOM-002: needs the schema`).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Custom fields, in written order: any YAML value under a key of the team's choosing.
///
/// In JSON (and when read from YAML) it is a mapping of values; in coord's binary caches each
/// value travels as JSON text, since those encodings cannot carry a value of unknown shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Vec<(String, serde_json::Value)>);

impl Extra {
    /// Whether there is no custom field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key`, as text a person would type: strings as they are, other values as
    /// JSON (`3`, `true`, `["a","b"]`).
    pub fn text(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| plain(v))
    }
}

/// A value as a person reads it: a string without quotes, anything else as compact JSON.
pub fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "null".to_owned(),
        other => other.to_string(),
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        } else {
            let texts: Vec<(&str, String)> = self
                .0
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_string()))
                .collect();
            texts.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            let texts = Vec::<(String, String)>::deserialize(deserializer)?;
            return texts
                .into_iter()
                .map(|(k, v)| {
                    serde_json::from_str(&v)
                        .map(|v| (k, v))
                        .map_err(de::Error::custom)
                })
                .collect::<Result<_, _>>()
                .map(Extra);
        }
        struct ExtraVisitor;
        impl<'de> Visitor<'de> for ExtraVisitor {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of custom fields")
            }
            fn visit_unit<E>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
            fn visit_none<E>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    entries.push((k, v));
                }
                Ok(Extra(entries))
            }
        }
        deserializer.deserialize_any(ExtraVisitor)
    }
}

/// One dependency as written: an id, or an id with a note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawDependency {
    pub id: String,
    pub note: Option<String>,
}

impl<'de> Deserialize<'de> for RawDependency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DependencyVisitor;
        impl<'de> Visitor<'de> for DependencyVisitor {
            type Value = RawDependency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id, or `ID: note`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDependency, E> {
                Ok(RawDependency {
                    id: v.to_owned(),
                    note: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDependency, A::Error> {
                let Some((id, note)) = map.next_entry::<String, Option<String>>()? else {
                    return Err(de::Error::custom("a dependency needs an id"));
                };
                if map.next_key::<String>()?.is_some() {
                    return Err(de::Error::custom(
                        "a dependency is one `ID: note` pair, not a mapping of several",
                    ));
                }
                Ok(RawDependency {
                    id,
                    note: note.filter(|n| !n.trim().is_empty()),
                })
            }
        }
        deserializer.deserialize_any(DependencyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_travels_as_a_mapping_in_json_and_as_text_in_binary() {
        let extra = Extra(vec![
            ("customer".into(), serde_json::json!("ACME")),
            ("points".into(), serde_json::json!(3)),
            ("tags".into(), serde_json::json!(["a", "b"])),
        ]);
        let json = serde_json::to_string(&extra).unwrap();
        assert_eq!(json, r#"{"customer":"ACME","points":3,"tags":["a","b"]}"#);
        let bytes = postcard::to_stdvec(&extra).unwrap();
        assert_eq!(postcard::from_bytes::<Extra>(&bytes).unwrap(), extra);
        assert_eq!(extra.text("points").as_deref(), Some("3"));
        assert_eq!(extra.text("customer").as_deref(), Some("ACME"));
        assert_eq!(extra.text("nothing"), None);
    }

    #[test]
    fn dependencies_read_bare_or_with_a_note() {
        let deps: Vec<RawDependency> =
            crate::yaml::parse("- ATOM-001\n- ATOM-002: needs the schema\n- MOLECULE-001:\n")
                .unwrap();
        assert_eq!(deps[0].note, None);
        assert_eq!(deps[1].id, "ATOM-002");
        assert_eq!(deps[1].note.as_deref(), Some("needs the schema"));
        assert_eq!(deps[2].note, None);
        assert!(crate::yaml::parse::<Vec<RawDependency>>("- {A: x, B: y}\n").is_err());
    }
}
