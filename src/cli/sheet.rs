//! `etude sheet`: a lesson as it is written on the staff, in words, as JSON, or as a printable
//! SVG page.

use std::path::Path;

use super::lessons::find_section;
use super::{CliError, Output};
use crate::notation::{self, Sheet};

/// `etude sheet --lesson ID|FILE.ron [--json] [-o FILE.svg]`
pub fn sheet(
    wanted: &str,
    section: super::section::SectionArgs,
    json: bool,
    output: Option<&Path>,
    dir: Option<&Path>,
) -> Result<Output, CliError> {
    let loaded = find_section(wanted, section, dir, &super::context())?;
    let sheet = notation::engrave(&loaded);
    let mut out = Output::ok();
    if let Some(path) = output {
        let lesson = &loaded.lesson;
        let tempo = format!("♩ = {}", lesson.tempo.get());
        let page = crate::engrave::page(&sheet, &lesson.title, &tempo)
            .map_err(|e| CliError::Failure(e.to_string()))?;
        std::fs::write(path, page)
            .map_err(|e| CliError::Failure(format!("could not write {}: {e}", path.display())))?;
        eprintln!("Wrote a page of {} to {}", lesson.title, path.display());
    }
    if json {
        out.json(&serde_json::to_value(&sheet)?)?;
    } else if output.is_none() {
        describe(&sheet, &mut out);
    }
    Ok(out)
}

/// The sheet in words, a bar a line.
fn describe(sheet: &Sheet, out: &mut Output) {
    let signature = match sheet.key_signature {
        0 => "no sharps or flats".to_owned(),
        n if n > 0 => format!("{n} sharp{}", if n == 1 { "" } else { "s" }),
        n => format!("{} flat{}", -n, if n == -1 { "" } else { "s" }),
    };
    let clefs: Vec<String> = sheet
        .clefs
        .iter()
        .map(|c| format!("{c:?}").to_lowercase())
        .collect();
    out.line(format!(
        "{} · {}/{} · {} clef{} · {} bar{}",
        signature,
        sheet.time_signature[0],
        sheet.time_signature[1],
        clefs.join(" and "),
        if clefs.len() == 1 { "" } else { "s" },
        sheet.bars,
        if sheet.bars == 1 { "" } else { "s" },
    ));
    for bar in 1..=sheet.bars {
        let notes: Vec<String> = sheet
            .notes
            .iter()
            .filter(|n| n.bar == bar)
            .map(|n| {
                let shown = match n.accidental {
                    Some(accidental) => format!("({accidental:?}) "),
                    None => String::new(),
                };
                format!("{shown}{}", n.name)
            })
            .collect();
        out.line(format!("bar {bar}: {}", notes.join(" ")));
    }
}
