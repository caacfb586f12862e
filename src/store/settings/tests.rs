//! The settings file: loading, saving and what becomes of values it cannot use.
use super::*;

#[test]
fn a_partly_broken_file_loads_what_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let file = path_in(dir.path());
    std::fs::write(
        &file,
        "Settings(midi_port: \"Piano\", midi_channel: 40, colour: \"red\", audio_buffer: 9000)",
    )
    .unwrap();
    let loaded = load(&file);
    assert_eq!(loaded.settings.midi_port.as_deref(), Some("Piano"));
    assert_eq!(loaded.settings.midi_channel, None);
    assert_eq!(loaded.settings.audio_buffer, None);
    assert_eq!(loaded.warnings.len(), 3, "{:?}", loaded.warnings);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("`colour` = \"red\" is not a setting this Etude knows"))
    );
}

#[test]
fn saving_round_trips_and_keeps_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = path_in(dir.path());
    assert_eq!(
        load(&file),
        Loaded::default(),
        "no file: the defaults, silently"
    );
    std::fs::write(&file, "Settings(midi_port: ").unwrap();
    assert_eq!(load(&file).warnings.len(), 1);
    let settings = Settings {
        midi_port: Some("etude-test:keyboard".into()),
        midi_channel: Some(2),
        soundfont: Some(PathBuf::from("/usr/share/sounds/sf2/FluidR3_GM.sf2")),
        audio_buffer: Some(128),
        daily_minimum: Some(10.0),
        rest_days: Some(false),
        round_trip_ms: Some(38),
        journal: Some("journal-2.sqlite".into()),
        keyboard_keys: Some(61),
        theme: Some("dark".into()),
        music_view: Some("both".into()),
        last_scale: Some(crate::lesson::picker::ScaleChoice {
            tonic: "Bb".parse().unwrap(),
            kind: crate::theory::ScaleKind::MelodicMinor,
            octaves: 2,
            direction: crate::lesson::Direction::UpDown,
            hand: crate::lesson::Hand::Both,
            tempo: 92,
            mode: crate::lesson::Mode::Tempo,
        }),
        renderer: Some("software".into()),
        computer_letters: Some(false),
        window_size: Some(WindowSize {
            width: 1280.0,
            height: 720.5,
        }),
        window_position: Some(WindowPosition { x: 40.0, y: -20.0 }),
        lesson_folders: vec![PathBuf::from("/home/me/my lessons")],
        unused: vec![],
    };
    let saved = save(&file, &settings).unwrap();
    assert_eq!(
        saved.kept_unreadable,
        Some(file.with_extension("ron.broken"))
    );
    assert_eq!(
        std::fs::read_to_string(file.with_extension("ron.broken")).unwrap(),
        "Settings(midi_port: "
    );
    assert_eq!(
        load(&file),
        Loaded {
            settings,
            warnings: vec![]
        }
    );
}

#[test]
fn an_unreadable_file_is_kept_and_no_earlier_copy_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let file = path_in(dir.path());
    let not_utf8 = b"Settings(midi_port: \"Pi\xffano\")".to_vec();
    std::fs::write(&file, &not_utf8).unwrap();
    let loaded = load(&file);
    assert_eq!(loaded.settings, Settings::default());
    assert!(
        loaded.warnings[0].contains("byte 23 is not UTF-8")
            && loaded.warnings[0].contains("settings.ron.broken"),
        "{:?}",
        loaded.warnings
    );
    let saved = save(&file, &loaded.settings).unwrap();
    assert_eq!(
        saved.kept_unreadable,
        Some(file.with_extension("ron.broken"))
    );
    assert_eq!(
        std::fs::read(file.with_extension("ron.broken")).unwrap(),
        not_utf8
    );

    // Broken a second time: the first copy stays, the second gets a name of its own.
    std::fs::write(&file, "Settings(").unwrap();
    let saved = save(&file, &Settings::default()).unwrap();
    assert_eq!(
        saved.kept_unreadable,
        Some(file.with_extension("ron.broken.2"))
    );
    assert_eq!(
        std::fs::read(file.with_extension("ron.broken")).unwrap(),
        not_utf8
    );
    assert_eq!(
        std::fs::read_to_string(file.with_extension("ron.broken.2")).unwrap(),
        "Settings("
    );
    // A readable file is simply replaced.
    assert_eq!(save(&file, &Settings::default()).unwrap(), Saved::default());
}

#[test]
fn a_window_too_small_to_use_or_off_any_desktop_is_not_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = path_in(dir.path());
    for (setting, usable) in [
        ("window_size: (width: 1100, height: 800)", true),
        ("window_size: (width: 800, height: 600)", true),
        ("window_size: (width: 640, height: 480)", false),
        ("window_position: (x: 0, y: -30)", true),
        ("window_position: (x: 90000, y: 0)", false),
    ] {
        std::fs::write(&file, format!("Settings({setting})")).unwrap();
        let loaded = load(&file);
        let kept =
            loaded.settings.window_size.is_some() || loaded.settings.window_position.is_some();
        assert_eq!(kept, usable, "{setting}");
        assert_eq!(loaded.warnings.len(), usize::from(!usable), "{setting}");
    }
}

#[test]
fn unknown_settings_and_rejected_values_stay_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = path_in(dir.path());
    std::fs::write(
        &file,
        "Settings(midi_port: \"Piano\", midi_channel: 40, metronome_sound: \"wood\", theme: \"solarized\")",
    )
    .unwrap();
    let mut loaded = load(&file);
    assert_eq!(loaded.warnings.len(), 3, "{:?}", loaded.warnings);
    // The user changes one thing and the settings are saved.
    loaded.settings.audio_buffer = Some(512);
    save(&file, &loaded.settings).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("metronome_sound: \"wood\""), "{text}");
    assert!(text.contains("midi_channel: 40"), "{text}");
    assert!(text.contains("theme: \"solarized\""), "{text}");
    let again = load(&file);
    assert_eq!(again.settings.audio_buffer, Some(512));
    assert_eq!(again.settings.midi_port.as_deref(), Some("Piano"));
    assert_eq!(again.warnings.len(), 3, "{:?}", again.warnings);
    // A value set since replaces the rejected one.
    let mut changed = again.settings;
    changed.theme = Some("dark".to_owned());
    save(&file, &changed).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("solarized"), "{text}");
    assert_eq!(load(&file).settings.theme.as_deref(), Some("dark"));
    // Choosing the default on purpose drops the rejected value too.
    let mut fitted = load(&file).settings;
    assert!(fitted.unused.iter().any(|(name, _)| name == "midi_channel"));
    fitted.chosen("midi_channel");
    save(&file, &fitted).unwrap();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("midi_channel")
    );
}
