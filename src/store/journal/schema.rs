//! The journal's schema: one migration per version, run in order.

use super::{Journal, JournalError};

/// The schema, one migration per version; `PRAGMA user_version` says how many have run.
/// Never edit a migration that has shipped: add the next one.
pub(super) const MIGRATIONS: [&str; 6] = [
    // 1: sessions and attempts.
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        local_date TEXT NOT NULL,
        mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 10),
        mood_after INTEGER CHECK (mood_after BETWEEN 1 AND 10),
        note TEXT
    );
    CREATE INDEX sessions_by_date ON sessions(local_date);
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        lesson TEXT NOT NULL,
        kind TEXT,
        mode TEXT NOT NULL,
        tempo_bpm INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        last_note_at TEXT,
        playing_seconds REAL NOT NULL,
        score INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        clean INTEGER NOT NULL,
        ioi_cv REAL,
        report TEXT NOT NULL,
        recording TEXT
    );
    CREATE INDEX attempts_by_session ON attempts(session_id);
    CREATE INDEX attempts_by_lesson ON attempts(lesson);",
    // 2: the day's micro-goals.
    "CREATE TABLE goals (
        id INTEGER PRIMARY KEY,
        local_date TEXT NOT NULL,
        spec TEXT NOT NULL,
        proposed INTEGER NOT NULL,
        UNIQUE (local_date, spec)
    );",
    // 3: each attempt carries its session's local day, with indexes that answer the daily,
    // per-lesson and most-recent questions without a join (ten years of practice in
    // milliseconds).
    "ALTER TABLE attempts ADD COLUMN local_date TEXT;
    UPDATE attempts SET local_date = (SELECT local_date FROM sessions WHERE sessions.id = attempts.session_id);
    CREATE INDEX attempts_by_day ON attempts(local_date, playing_seconds);
    CREATE INDEX attempts_by_finish ON attempts(finished_at, passed);
    CREATE INDEX attempts_by_lesson_day ON attempts(lesson, local_date, score, passed, ioi_cv, tempo_bpm);",
    // 4: a lesson's runs in the order played, for its tempo ladder and its last runs' trouble
    // spots (without sorting every run of the lesson, reports and all).
    "CREATE INDEX attempts_by_lesson_time ON attempts(lesson, started_at, id);",
    // 5: the player's own goal for a week, by the week's Monday; the clean runs of each day
    // (for the calendars) and each lesson's bests (with the mode, for the tempo passed) read
    // from indexes alone (the new lesson index holds the one it replaces as its first columns).
    "CREATE TABLE week_goals (
        id INTEGER PRIMARY KEY,
        week_start TEXT NOT NULL UNIQUE,
        spec TEXT NOT NULL
    );
    CREATE INDEX attempts_clean_by_day ON attempts(local_date) WHERE clean;
    CREATE INDEX attempts_bests_by_lesson
        ON attempts(lesson, local_date, score, passed, ioi_cv, tempo_bpm, mode);
    DROP INDEX attempts_by_lesson_day;",
    // 6: the course asks for a pass in wait mode and one in tempo mode from the first melody
    // on; a lesson passed before it asked counts as passed, as it did then.
    "CREATE TABLE passed_before_timing (lesson TEXT PRIMARY KEY);
    INSERT INTO passed_before_timing SELECT DISTINCT lesson FROM attempts WHERE passed;",
];

impl Journal {
    pub(super) fn migrate(&mut self, from: i64) -> Result<(), JournalError> {
        for (index, migration) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(from).unwrap_or(0))
        {
            let transaction = self.connection.transaction()?;
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index as i64 + 1)?;
            transaction.commit()?;
        }
        Ok(())
    }
}
