//! Raw, file-shaped types: what the YAML says, before any check. Only the validator reads
//! them; rendering never sees them. Lists also accept a single value (`leaders: 王长青`)
//! and numbers are read as text, because editors write both and mean the same thing.
// Field meanings are documented once, for editors, in docs/content-format.md.
#![allow(missing_docs)]

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// A task as written in `content/tasks/**.{yaml,md}` (front matter of a `.md`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawTask {
    pub id: Option<String>,
    #[serde(deserialize_with = "strict_text")]
    pub title: Option<String>,
    pub plan: Option<String>,
    #[serde(alias = "category")]
    pub section: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub number: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub full_number: Option<String>,
    #[serde(deserialize_with = "text_list")]
    pub leaders: Vec<String>,
    pub lead_unit: Option<String>,
    pub contact_unit: Option<String>,
    #[serde(deserialize_with = "text_list")]
    pub units: Vec<String>,
    #[serde(deserialize_with = "text_list")]
    pub owners: Vec<String>,
    #[serde(deserialize_with = "opt_text")]
    pub deadline: Option<String>,
    pub milestones: Vec<RawMilestone>,
    #[serde(deserialize_with = "opt_text")]
    pub target: Option<String>,
    #[serde(deserialize_with = "text_list")]
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub progress: Vec<RawProgress>,
}

/// The fields a task may have, for unknown-field warnings.
pub const TASK_FIELDS: &[&str] = &[
    "id",
    "title",
    "plan",
    "section",
    "category",
    "number",
    "full_number",
    "leaders",
    "lead_unit",
    "contact_unit",
    "units",
    "owners",
    "deadline",
    "milestones",
    "target",
    "tags",
    "description",
    "progress",
];

/// A milestone (节点计划) of a task.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawMilestone {
    #[serde(deserialize_with = "opt_text")]
    pub title: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub due: Option<String>,
    #[serde(deserialize_with = "text_list")]
    pub units: Vec<String>,
    pub status: Option<String>,
}

/// The fields a milestone may have.
pub const MILESTONE_FIELDS: &[&str] = &["title", "due", "units", "status"];

/// A progress entry, inline in a task or in its own file under `content/progress/`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawProgress {
    pub task: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub period: Option<String>,
    pub status: Option<String>,
    pub narrative: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub updated: Option<String>,
}

/// The fields a progress entry may have.
pub const PROGRESS_FIELDS: &[&str] = &[
    "task",
    "period",
    "status",
    "narrative",
    "problems",
    "next_steps",
    "updated",
];

/// A reporting period in `content/periods.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawPeriod {
    #[serde(deserialize_with = "opt_text")]
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub start: Option<String>,
    #[serde(deserialize_with = "opt_text")]
    pub end: Option<String>,
}

/// The fields a period may have.
pub const PERIOD_FIELDS: &[&str] = &["id", "title", "start", "end"];

/// A leader or a unit in `content/leaders.yaml` / `content/units.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawPerson {
    pub name: Option<String>,
    pub role: Option<String>,
    #[serde(deserialize_with = "text_list")]
    pub aliases: Vec<String>,
}

/// The fields a leader or unit entry may have.
pub const PERSON_FIELDS: &[&str] = &["name", "role", "aliases"];

/// Text, also from a number (`number: 3`, `deadline: 2020`), because editors don't quote.
fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor).map(Some)
}

/// Text only: a title written as a bare number is a mistake worth flagging, because YAML
/// would silently turn `1.10` into `1.1`.
fn strict_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct StrictVisitor;
    impl<'de> Visitor<'de> for StrictVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text (put numbers and true/false in quotes)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(StrictVisitor).map(Some)
}

/// A list of text, also from one value (`leaders: 王长青`).
fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text or a list of text")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Text(s)) = seq.next_element()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(ListVisitor)
}

struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor).map(Text)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.to_string())
    }
}
