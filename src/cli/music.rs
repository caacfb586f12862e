//! `etude theory scale|chord`.

use serde_json::json;

use super::{CliError, Output};
use crate::theory::{self, Note, ScaleKind, SpelledNote};

/// `etude theory scale`
pub fn theory_scale(tonic: &str, kind: &str, octaves: u8, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let tonic = parse_tonic(tonic)?;
    let kind: ScaleKind = kind
        .parse()
        .map_err(|e: theory::TheoryError| CliError::Input(e.to_string()))?;
    let notes = theory::scale::ascending(tonic, &kind, octaves)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let midi = notes
        .iter()
        .map(|n| n.note().map(|n| n.0))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Input(e.to_string()))?;
    let names: Vec<String> = notes.iter().map(ToString::to_string).collect();
    if json {
        out.json(&json!({ "names": names, "notes": midi }))?;
    } else {
        outln!(out, "{}", names.join(" "));
    }
    Ok(out)
}

fn parse_tonic(text: &str) -> Result<SpelledNote, CliError> {
    SpelledNote::parse_with_default_octave(text, 4).map_err(|e| CliError::Input(e.to_string()))
}

/// `etude theory chord`
pub fn theory_chord(words: &[String], json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let mut notes = Vec::with_capacity(words.len());
    let mut spellings = Vec::with_capacity(words.len());
    for word in words {
        if let Ok(number) = word.parse::<i32>() {
            let note = Note::from_midi(number).ok_or_else(|| {
                CliError::Input(format!("{number} is not a MIDI note number (0..127)"))
            })?;
            notes.push(note);
        } else {
            let spelled: SpelledNote = word
                .parse()
                .map_err(|e: theory::TheoryError| CliError::Input(e.to_string()))?;
            notes.push(spelled.note().map_err(|e| CliError::Input(e.to_string()))?);
            spellings.push(spelled);
        }
    }
    let spelled = (spellings.len() == notes.len()).then_some(spellings.as_slice());
    let named = theory::identify(&notes, spelled);
    let midi: Vec<u8> = notes.iter().map(|n| n.0).collect();
    if json {
        let value = match &named {
            Some(name) => json!({
                "root": name.chord.root.to_string(),
                "quality": name.chord.quality.word(),
                "inversion": name.inversion,
                "bass": name.bass.to_string(),
                "name": name.symbol(),
                "notes": midi,
            }),
            None => json!({
                "root": null, "quality": null, "inversion": null, "bass": null, "name": null, "notes": midi,
            }),
        };
        out.json(&value)?;
    } else {
        match &named {
            Some(name) => {
                const INVERSIONS: [&str; 4] = [
                    "root position",
                    "first inversion",
                    "second inversion",
                    "third inversion",
                ];
                outln!(
                    out,
                    "{}  ({} {}, {})",
                    name.symbol(),
                    name.chord.root.pretty(),
                    name.chord.quality.word(),
                    INVERSIONS[usize::from(name.inversion.min(3))]
                );
            }
            None => outln!(out, "no chord Etude knows"),
        }
    }
    Ok(out)
}
