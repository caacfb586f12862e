//! Compressed MusicXML (`.mxl`): a zip archive whose `META-INF/container.xml` names the score
//! inside it. Read with the `zip` crate; what is taken out is bounded, so a small archive cannot
//! unpack into gigabytes.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// The most a score inside an archive may unpack to: as much as a score read as it is.
const MAX_UNPACKED: u64 = super::MAX_PIECE_BYTES;

/// Whether `bytes` start as a zip archive does (with a file, or empty).
pub fn is_archive(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The score's text inside the archive `bytes`, or why there is none.
pub fn score_in(bytes: &[u8]) -> Result<String, String> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable archive: {e}"))?;
    let path = match read_entry(&mut archive, "META-INF/container.xml") {
        Ok(container) => root_file(&container)?,
        // Without a container, the one score at the top of the archive.
        Err(_) => archive
            .file_names()
            .find(|name| {
                !name.contains('/') && (name.ends_with(".musicxml") || name.ends_with(".xml"))
            })
            .map(str::to_owned)
            .ok_or("the archive has no META-INF/container.xml and no score in it")?,
    };
    read_entry(&mut archive, &path)
}

/// The `full-path` of the first `<rootfile>` the container names.
fn root_file(container: &str) -> Result<String, String> {
    let doc = roxmltree::Document::parse(container)
        .map_err(|e| format!("META-INF/container.xml: {e}"))?;
    doc.descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .map(str::to_owned)
        .ok_or_else(|| "META-INF/container.xml names no rootfile".to_owned())
}

/// The text of the entry `name`, at most [`MAX_UNPACKED`] bytes.
fn read_entry(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, String> {
    let entry = archive
        .by_name(name)
        .map_err(|e| format!("{name} in the archive: {e}"))?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} in the archive: {e}"))?;
    if bytes.len() as u64 > MAX_UNPACKED {
        return Err(format!(
            "{name} in the archive unpacks to more than {} MiB",
            MAX_UNPACKED / (1024 * 1024)
        ));
    }
    super::musicxml::text_of(&bytes).map_err(|why| format!("{name} in the archive: {why}"))
}
