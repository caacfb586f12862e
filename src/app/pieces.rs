//! Pieces in the window: the "Open a piece…" dialog and files dropped onto the window are
//! read, kept in the data folder (off the UI thread) and opened on the Practice screen.

use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::lesson::Hand;
use crate::lesson::library::KeptPiece;
use crate::lesson::piece::Section;
use crate::service::pieces;

impl App {
    /// Asks for a piece file with the system's file dialog.
    pub(super) fn choose_piece(&self) -> Task<Message> {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title("Open a piece")
            .add_filter("Scores and MIDI files", &crate::import::PIECE_EXTENSIONS);
        Task::perform(dialog.pick_file(), |file| {
            Message::PieceChosen(file.map(|f| f.path().to_path_buf()))
        })
    }

    /// A piece file was chosen or dropped: it is read and kept in the data folder (off the UI
    /// thread), then opened.
    pub(super) fn piece_chosen(&self, file: Option<PathBuf>) -> Task<Message> {
        let Some(file) = file else {
            return Task::none();
        };
        let data_dir = self.context.data_dir.clone();
        Task::perform(async move { pieces::keep(&data_dir, &file) }, |kept| {
            Message::PieceKept(loading::Handoff::of(kept))
        })
    }

    /// A piece was kept (or could not be): it joins "Your pieces" and opens on the Practice
    /// screen; what was wrong with the file is said.
    pub(super) fn piece_kept(
        &mut self,
        kept: &loading::Handoff<Result<KeptPiece, String>>,
        now: Instant,
    ) {
        let Some(kept) = kept.take() else {
            return;
        };
        match kept {
            Ok(kept) => {
                tracing::info!("opened the piece {} ({})", kept.piece.title, kept.file);
                let fingerprint = kept.piece.fingerprint;
                self.context.library.add_pieces(vec![kept], Vec::new());
                self.open_piece(fingerprint, now);
            }
            Err(error) => {
                tracing::warn!("{error}");
                self.notices.push(error);
            }
        }
    }

    /// Opens the kept piece with `fingerprint` on the Practice screen, at a beginner's start
    /// (see [`practice::PieceSection::start`]), or where it has notes to play.
    pub(super) fn open_piece(&mut self, fingerprint: u64, now: Instant) {
        let Some(kept) = self.context.library.piece(fingerprint) else {
            return;
        };
        let piece = Arc::new(kept.piece.clone());
        let start = practice::PieceSection::start(Arc::clone(&piece));
        // A piece whose right hand rests in its first bars (or that has no right hand) opens
        // on both hands, or else the whole piece.
        let both = Section {
            hand: Hand::Both,
            ..start.section
        };
        let section = [start.section, both, Section::default()]
            .into_iter()
            .find(|s| piece.lesson(*s).is_ok())
            .unwrap_or(start.section);
        self.open_section(practice::PieceSection::on(piece, section), now);
    }
}
