//! The official SDK's vectors of every call (`tests/data/rtm-api-quests.json`).

use serde_json::Value;

/// The vectors of the calls the tour makes (the file calls aside), in the file's order.
pub fn vectors() -> Vec<Value> {
    let json: Value = serde_json::from_str(include_str!("../data/rtm-api-quests.json")).unwrap();
    json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            // The file calls (F*, PF*) belong to the file gateway.
            let id = c["id"].as_str().unwrap();
            id.starts_with("FR") || !id.starts_with('F') && !id.starts_with("PF")
        })
        .cloned()
        .collect()
}

/// A vector's `returned` without its error slot and `_type` tags; `None` where a value
/// varies per run.
pub fn expected(vector: &Value) -> Option<Value> {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| *k != "_type")
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    if !vector["returned_varying"].as_array().unwrap().is_empty() {
        return None;
    }
    let returned = strip(&vector["returned"]);
    Some(match returned {
        Value::Array(mut values) => {
            values.pop(); // the error slot
            if values.len() == 1 {
                values.pop().unwrap()
            } else {
                Value::Array(values)
            }
        }
        other => other,
    })
}

/// The values the mock gives in the tour's order, where they are the reference
/// server's: the vector's `returned`.
pub const SAME_AS_REFERENCE: [&str; 22] = [
    "U1", "U5", "U8", "U9", "FR2", "FR3", "FR4", "G2", "G3", "G4", "G6", "G9", "R3", "R5", "DA2",
    "DA4", "C33", "C34", "C35", "C36", "C37", "C38",
];
