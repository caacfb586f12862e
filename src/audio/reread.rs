//! A JACK client woken twice in one period must not play that period's MIDI twice, nor
//! sound the period twice when nothing new came. A busy server wakes a client late for one
//! period after the next has begun, and again for the next once the keyboard's client has
//! run it: both wakes read the frame time of the same period. Mostly the late wake reads the
//! period before's events (the keyboard's client had not yet run), and the second the
//! period's own. But the two clients run at once on two CPUs: when the keyboard's client
//! writes the new period's events before the late wake reads its port, both wakes read them,
//! and a key read twice would sound twice and be judged twice (a wrong note the player never
//! played).
//!
//! So each wake copies its events once (a few, without allocating), plays them from the copy
//! (the port may be written while it is read) and keeps them: a wake that reads the same
//! period's frame time and the very same events, on the same frames, as the wake before has
//! nothing new. Genuinely new events look the same only if the period before held exactly
//! the same messages on the same frames: each key going down and up again within the period,
//! or a pedal message repeated, at the same frames in two periods running, which a person
//! playing does not do. A wake with more events than are copied is played from the port
//! itself and never taken for a second read: a key heard twice is better than one lost.
//!
//! A wake with nothing new writes the sound of the wake before again ([`Written`]):
//! rendering the period a second time moved every voice on by a period (a jump in the sound)
//! and started a key read by the first wake at the period's first frame, before the frame it
//! was struck on. Both wakes reading a key was seen that way: at 64 frames under load, one
//! key in three rounds heard 1.4 ms sooner than the others. A second wake that reads other
//! events (the late one read the period before's) renders the period again with them: its
//! keys at their own frames, the first wake's (struck a period before) from the period's
//! first frame, still after they were struck, and the voices a period on.

/// Events copied from one wake: far more than hands play in a period of a few milliseconds.
const KEPT: usize = 64;

/// The bytes of an event kept: MIDI channel messages, the only ones played, are at most
/// three bytes long; a longer one is told apart by its length and first bytes.
const KEPT_BYTES: usize = 3;

/// One event as read: its frame in the period, its length and its first bytes.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Kept {
    frame: u32,
    length: usize,
    bytes: [u8; KEPT_BYTES],
}

impl Kept {
    fn of(frame: u32, bytes: &[u8]) -> Kept {
        let mut kept = Kept {
            frame,
            length: bytes.len(),
            bytes: [0; KEPT_BYTES],
        };
        let copied = bytes.len().min(KEPT_BYTES);
        kept.bytes[..copied].copy_from_slice(&bytes[..copied]);
        kept
    }

    /// Its frame in the period.
    pub fn frame(&self) -> u32 {
        self.frame
    }

    /// The message; empty for one longer than a channel message (never played).
    pub fn bytes(&self) -> &[u8] {
        if self.length <= KEPT_BYTES {
            &self.bytes[..self.length]
        } else {
            &[]
        }
    }
}

/// What one wake read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// Events to play, copied from the port (none, for a period without any): see
    /// [`Reread::events`].
    New,
    /// The very events the wake before read in the same period: played already.
    Again,
    /// More events than are copied: play them from the port itself.
    TooMany,
}

/// The events of the last wake, to tell a second read of the same period.
pub struct Reread {
    /// The frame time of the period the last wake read.
    period: Option<u32>,
    last: [Kept; KEPT],
    last_count: usize,
    /// The last wake read more events than are copied.
    last_too_many: bool,
    /// This wake's events, copied before they are compared.
    this: [Kept; KEPT],
}

impl Default for Reread {
    fn default() -> Reread {
        Reread {
            period: None,
            last: [Kept::default(); KEPT],
            last_count: 0,
            last_too_many: false,
            this: [Kept::default(); KEPT],
        }
    }
}

impl Reread {
    /// Reads one wake's `events` (each its frame in the period and its bytes) in the period
    /// starting at frame `period`, once, and says what to play.
    pub fn read<'a>(&mut self, period: u32, events: impl Iterator<Item = (u32, &'a [u8])>) -> Read {
        let mut count = 0;
        let mut too_many = false;
        for (frame, bytes) in events {
            match self.this.get_mut(count) {
                Some(slot) => *slot = Kept::of(frame, bytes),
                None => too_many = true,
            }
            count += 1;
        }
        let count = count.min(KEPT);
        let again = self.period.replace(period) == Some(period)
            && !self.last_too_many
            && !too_many
            && self.last[..self.last_count] == self.this[..count];
        std::mem::swap(&mut self.last, &mut self.this);
        self.last_count = count;
        self.last_too_many = too_many;
        if too_many {
            Read::TooMany
        } else if again {
            Read::Again
        } else {
            Read::New
        }
    }

    /// The events the last wake read, as copied (all of them after [`Read::New`]).
    pub fn events(&self) -> &[Kept] {
        &self.last[..self.last_count]
    }
}

/// The sound the last wake wrote, to write again when the server runs the client a second
/// time for the same period with nothing new.
pub struct Written {
    left: Vec<f32>,
    right: Vec<f32>,
    /// Whether the last wake's sound is kept (not after a change of period length).
    kept: bool,
}

impl Written {
    /// Room for periods of `frames`, nothing kept yet.
    pub fn for_period(frames: usize) -> Written {
        Written {
            left: vec![0.0; frames],
            right: vec![0.0; frames],
            kept: false,
        }
    }

    /// Room for periods of a new length, `frames` (allocates: not in the process callback,
    /// but in JACK's buffer-size callback, which may).
    pub fn resize(&mut self, frames: usize) {
        self.left.resize(frames, 0.0);
        self.right.resize(frames, 0.0);
        self.kept = false;
    }

    /// Keeps the sound just written.
    pub fn keep(&mut self, left: &[f32], right: &[f32]) {
        self.kept = left.len() == self.left.len() && right.len() == self.right.len();
        if self.kept {
            self.left.copy_from_slice(left);
            self.right.copy_from_slice(right);
        }
    }

    /// Writes the sound kept again; false (nothing written) if none is kept for a period of
    /// this length.
    pub fn write_again(&self, left: &mut [f32], right: &mut [f32]) -> bool {
        let fits = self.kept && left.len() == self.left.len() && right.len() == self.right.len();
        if fits {
            left.copy_from_slice(&self.left);
            right.copy_from_slice(&self.right);
        }
        fits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C4_DOWN: [u8; 3] = [0x90, 60, 100];
    const C4_UP: [u8; 3] = [0x80, 60, 0];
    const E4_DOWN: [u8; 3] = [0x90, 64, 90];

    /// What a wake reading `events` in `period` plays: `None` for nothing (read again),
    /// `Some(events)` for what it plays from the copy.
    fn read(reread: &mut Reread, period: u32, events: &[(u32, &[u8])]) -> Option<Vec<Kept>> {
        match reread.read(period, events.iter().copied()) {
            Read::New => Some(reread.events().to_vec()),
            Read::Again => None,
            Read::TooMany => panic!("{} events are not too many", events.len()),
        }
    }

    fn kept(events: &[(u32, &[u8])]) -> Vec<Kept> {
        events
            .iter()
            .map(|(frame, bytes)| Kept::of(*frame, bytes))
            .collect()
    }

    #[test]
    fn the_same_period_read_again_with_the_same_keys_plays_nothing() {
        let mut reread = Reread::default();
        let keys: [(u32, &[u8]); 2] = [(7, &C4_DOWN), (40, &E4_DOWN)];
        let played = read(&mut reread, 4096, &keys).unwrap();
        assert_eq!(played, kept(&keys));
        assert_eq!(played[0].frame(), 7);
        assert_eq!(played[1].bytes(), E4_DOWN);
        // The late wake and the wake on time both read the period at 4096.
        assert_eq!(read(&mut reread, 4096, &keys), None);
        // The next period is new, whatever it holds.
        assert_eq!(read(&mut reread, 4160, &keys), Some(kept(&keys)));
    }

    #[test]
    fn the_same_period_with_other_keys_plays_them() {
        let mut reread = Reread::default();
        let mut new = |period, events: &[(u32, &[u8])]| {
            assert_eq!(read(&mut reread, period, events), Some(kept(events)));
        };
        // The late wake came before the keyboard had run its period: it read the keys of
        // the period before, and the wake on time reads the period's own.
        new(4096, &[(7, &C4_DOWN)]);
        new(4096, &[(3, &C4_UP)]);
        new(4096, &[(3, &C4_UP), (9, &E4_DOWN)]);
        new(4096, &[(3, &C4_UP)]);
        // Another key on the same frame, the same key on another frame.
        new(4096, &[(3, &E4_DOWN)]);
        new(4160, &[(3, &C4_UP)]);
        new(4160, &[(4, &C4_UP)]);
        // Nothing read, then keys.
        new(4224, &[]);
        new(4224, &[(4, &C4_DOWN)]);
    }

    #[test]
    fn a_long_message_is_told_apart_by_its_length_and_never_played() {
        let mut reread = Reread::default();
        let sysex: &[u8] = &[0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7];
        let played = read(&mut reread, 0, &[(0, sysex)]).unwrap();
        assert_eq!(played[0].bytes(), [0u8; 0]);
        assert_eq!(read(&mut reread, 0, &[(0, sysex)]), None);
        assert!(read(&mut reread, 0, &[(0, &sysex[..5])]).is_some());
    }

    #[test]
    fn a_period_with_more_events_than_are_copied_is_played_from_the_port() {
        let mut reread = Reread::default();
        let flood: Vec<(u32, &[u8])> = (0..=KEPT as u32)
            .map(|frame| (frame, &C4_DOWN[..]))
            .collect();
        assert_eq!(reread.read(64, flood.iter().copied()), Read::TooMany);
        assert_eq!(reread.read(64, flood.iter().copied()), Read::TooMany);
        // After too many, the copied part read again is not taken for a second read.
        let fits = &flood[..KEPT];
        assert_eq!(read(&mut reread, 64, fits), Some(kept(fits)));
        // Copied and compared again once a wake fits.
        assert_eq!(read(&mut reread, 64, fits), None);
    }

    #[test]
    fn the_sound_of_a_wake_is_written_again_as_it_was() {
        let mut written = Written::for_period(4);
        let (mut left, mut right) = ([0.0f32; 4], [0.0f32; 4]);
        // Nothing kept yet.
        assert!(!written.write_again(&mut left, &mut right));
        written.keep(&[0.1, 0.2, 0.3, 0.4], &[-0.1, -0.2, -0.3, -0.4]);
        assert!(written.write_again(&mut left, &mut right));
        assert_eq!(
            (left, right),
            ([0.1, 0.2, 0.3, 0.4], [-0.1, -0.2, -0.3, -0.4])
        );
        // A period of another length: nothing to write again until one is kept.
        let (mut longer, mut longer_right) = ([0.0f32; 8], [0.0f32; 8]);
        assert!(!written.write_again(&mut longer, &mut longer_right));
        written.resize(8);
        assert!(!written.write_again(&mut longer, &mut longer_right));
        written.keep(&[0.5; 4], &[0.5; 4]);
        assert!(!written.write_again(&mut longer, &mut longer_right));
        assert_eq!(longer, [0.0; 8]);
    }
}
