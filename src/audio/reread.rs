//! A JACK client woken twice in one period must not read that period's MIDI twice. A busy
//! server wakes a client late for one period after the next has begun, and again for the
//! next once the keyboard's client has run it: both wakes read the frame time of the same
//! period. Mostly the late wake read the period before's events (the keyboard's client had
//! not yet run), and the second the period's own. But the two clients run at once on two
//! CPUs: when the keyboard's client writes the new period's events before the late wake
//! reads its port, both wakes read them, and a key read twice would sound twice and be
//! judged twice (a wrong note the player never played). Not seen in measurements here (no
//! second read with keys in two runs under load, 1,400 periods lost), but nothing in JACK
//! rules it out.
//!
//! So the events of each wake are kept (a few, without allocating), and a wake that reads the
//! same period's frame time and the very same events as the wake before has nothing new.
//! Events that differ are new: a key cannot go down twice without going up between. Should
//! more events come in one period than are kept, nothing is taken for a second read: a key
//! heard twice is better than a key lost.

/// Events kept from one wake: far more than hands play in a period of a few milliseconds.
const KEPT: usize = 16;

/// The bytes of an event kept: MIDI channel messages are at most three bytes long; a longer
/// one is told apart by its length and first bytes.
const KEPT_BYTES: usize = 3;

/// One event as read: its frame in the period, its length and its first bytes.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Kept {
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
        let start = bytes.len().min(KEPT_BYTES);
        kept.bytes[..start].copy_from_slice(&bytes[..start]);
        kept
    }
}

/// The events of the last wake, to tell a second read of the same period.
#[derive(Default)]
pub struct Reread {
    /// The frame time of the period the last wake read.
    period: Option<u32>,
    kept: [Kept; KEPT],
    count: usize,
    /// The last wake read more events than are kept.
    overflowed: bool,
}

impl Reread {
    /// Whether this wake, reading the period that starts at frame `period` with `events`
    /// (each its frame in the period and its bytes), read the very events the last wake read
    /// in the same period: then they were handled already. Keeps them for the next wake.
    pub fn is_second_read<'a>(
        &mut self,
        period: u32,
        events: impl Iterator<Item = (u32, &'a [u8])>,
    ) -> bool {
        let same_period = self.period.replace(period) == Some(period) && !self.overflowed;
        let before = self.count;
        let mut same = same_period;
        let mut count = 0;
        let mut overflowed = false;
        for (frame, bytes) in events {
            let event = Kept::of(frame, bytes);
            same &= count < before && self.kept[count] == event;
            match self.kept.get_mut(count) {
                Some(slot) => *slot = event,
                None => overflowed = true,
            }
            count += 1;
        }
        self.count = count.min(KEPT);
        self.overflowed = overflowed;
        same && count == before && !overflowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C4_DOWN: [u8; 3] = [0x90, 60, 100];
    const C4_UP: [u8; 3] = [0x80, 60, 0];
    const E4_DOWN: [u8; 3] = [0x90, 64, 90];

    fn read(reread: &mut Reread, period: u32, events: &[(u32, &[u8])]) -> bool {
        reread.is_second_read(period, events.iter().copied())
    }

    #[test]
    fn the_same_period_read_again_with_the_same_keys_is_a_second_read() {
        let mut reread = Reread::default();
        assert!(!read(&mut reread, 4096, &[(7, &C4_DOWN), (40, &E4_DOWN)]));
        // The late wake and the wake on time both read the period at 4096.
        assert!(read(&mut reread, 4096, &[(7, &C4_DOWN), (40, &E4_DOWN)]));
        // The next period is new, whatever it holds.
        assert!(!read(&mut reread, 4160, &[(7, &C4_DOWN), (40, &E4_DOWN)]));
    }

    #[test]
    fn the_same_period_with_other_keys_is_new() {
        let mut reread = Reread::default();
        // The late wake came before the keyboard had run its period: it read the keys of
        // the period before, and the wake on time reads the period's own.
        assert!(!read(&mut reread, 4096, &[(7, &C4_DOWN)]));
        assert!(!read(&mut reread, 4096, &[(3, &C4_UP)]));
        assert!(!read(&mut reread, 4096, &[(3, &C4_UP), (9, &E4_DOWN)]));
        assert!(!read(&mut reread, 4096, &[(3, &C4_UP)]));
        // The same key on another frame is another event.
        assert!(!read(&mut reread, 4160, &[(3, &C4_UP)]));
        assert!(!read(&mut reread, 4160, &[(4, &C4_UP)]));
        // Nothing read, then keys: new.
        assert!(!read(&mut reread, 4224, &[]));
        assert!(!read(&mut reread, 4224, &[(4, &C4_DOWN)]));
    }

    #[test]
    fn a_long_message_is_told_apart_by_its_length() {
        let mut reread = Reread::default();
        let sysex: &[u8] = &[0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7];
        assert!(!read(&mut reread, 0, &[(0, sysex)]));
        assert!(read(&mut reread, 0, &[(0, sysex)]));
        assert!(!read(&mut reread, 0, &[(0, &sysex[..5])]));
    }

    #[test]
    fn a_period_with_more_events_than_are_kept_is_never_taken_for_a_second_read() {
        let mut reread = Reread::default();
        let flood: Vec<(u32, &[u8])> = (0..=KEPT as u32)
            .map(|frame| (frame, &C4_DOWN[..]))
            .collect();
        assert!(!read(&mut reread, 64, &flood));
        assert!(!read(&mut reread, 64, &flood));
        // Kept again once a wake fits.
        assert!(!read(&mut reread, 128, &flood[..2]));
        assert!(read(&mut reread, 128, &flood[..2]));
    }
}
