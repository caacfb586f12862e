//! What Etude keeps on disk: settings, the practice journal and its recordings.
//! The data folder comes from the platform (`directories`) unless `ETUDE_HOME` names one.

pub mod archive;
pub mod checks;
pub mod journal;
pub mod settings;

use std::path::PathBuf;

/// The environment variable that overrides the data folder.
const HOME_VARIABLE: &str = "ETUDE_HOME";

/// The folder Etude keeps its data in: `$ETUDE_HOME`, else the platform's data folder
/// (`~/.local/share/etude` on Linux), else `./etude-data`.
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os(HOME_VARIABLE).filter(|v| !v.is_empty()) {
        return PathBuf::from(home);
    }
    directories::ProjectDirs::from("", "", "etude")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("etude-data"))
}
