//! "Practise any scale" on the Lessons screen, as a pianist uses it: today's B♭ melodic minor,
//! hands together, two octaves at 92 in tempo mode, practised at once and kept; the next day the
//! picker opens on it, so another key the same way is three clicks.

use etude::app::{App, Message, Page};
use etude::lesson::Mode;
use etude::notation::engrave;

use crate::drive::{click, handle, practice_of, shows};

#[test]
fn any_scale_is_picked_practised_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(home.path().to_path_buf());
    handle(&mut app, Message::Go(Page::Lessons));
    click(&mut app, "Practise any scale…");
    for choice in ["B♭", "melodic minor", "both", "2", "tempo"] {
        click(&mut app, choice);
    }
    for _ in 0..5 {
        click(&mut app, "+4");
    }
    assert!(shows(
        &app,
        "B♭ melodic minor, hands together, 2 octaves, tempo mode at 92 bpm"
    ));
    click(&mut app, "Practise it");
    let practice = practice_of(&app);
    let lesson = practice.lesson();
    assert_eq!(
        lesson.lesson.title,
        "B♭ melodic minor, hands together, 2 octaves"
    );
    assert_eq!((practice.mode(), practice.tempo_bpm()), (Mode::Tempo, 92));
    assert!(
        practice.is_waiting(),
        "a tempo-mode run waits to be counted in"
    );
    // Two octaves up and down, both hands: 29 steps of two notes, in five flats.
    assert_eq!(lesson.steps.len(), 29);
    assert!(lesson.steps.iter().all(|s| s.notes.len() == 2));
    let sheet = engrave(lesson);
    assert_eq!(sheet.key_signature, -5);
    assert_eq!(sheet.clefs.len(), 2);

    // Kept: a lesson file among the player's own, listed under them.
    handle(&mut app, Message::Go(Page::Lessons));
    click(&mut app, "Keep it");
    let file = home
        .path()
        .join("lessons/picked-b-flat-melodic-minor-up-down-both-2-octaves.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let kept = etude::lesson::parse(&text, "kept.ron").unwrap();
    assert_eq!(kept.lesson.tempo.get(), 92);
    assert!(shows(
        &app,
        &format!("Kept among your lessons, as {}.", file.display())
    ));
    let library = etude::service::user_library(home.path(), app.settings());
    assert!(
        library
            .get("picked-b-flat-melodic-minor-up-down-both-2-octaves")
            .is_some()
    );
}
