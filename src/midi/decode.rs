//! Decoding MIDI bytes (wmidi) into what the engine needs: keys and the sustain pedal.
//!
//! Everything else — active sensing (0xFE, sent every 300 ms by many keyboards), clock,
//! SysEx, program change, pitch bend, aftertouch — is ignored, and malformed bytes are
//! skipped: decoding never panics, allocates or logs.

use wmidi::{ControlFunction, MidiMessage};

use crate::engine::EventKind;
use crate::theory::Note;

/// Which channels to listen to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChannelFilter {
    /// Every channel.
    #[default]
    All,
    /// One channel, 0-based (channel 1 is 0).
    Only(u8),
}

impl ChannelFilter {
    fn admits(self, channel: wmidi::Channel) -> bool {
        match self {
            ChannelFilter::All => true,
            ChannelFilter::Only(wanted) => channel.index() == wanted,
        }
    }
}

/// The event one complete MIDI message means, if it is one Etude uses.
/// NoteOn with velocity 0 is a NoteOff.
pub fn decode(bytes: &[u8], channels: ChannelFilter) -> Option<EventKind> {
    let message = MidiMessage::try_from(bytes).ok()?;
    match message {
        MidiMessage::NoteOn(channel, note, velocity) if channels.admits(channel) => {
            let velocity = u8::from(velocity);
            let note = Note(u8::from(note));
            Some(if velocity == 0 {
                EventKind::NoteOff { note }
            } else {
                EventKind::NoteOn { note, velocity }
            })
        }
        MidiMessage::NoteOff(channel, note, _) if channels.admits(channel) => {
            Some(EventKind::NoteOff {
                note: Note(u8::from(note)),
            })
        }
        MidiMessage::ControlChange(channel, ControlFunction::DAMPER_PEDAL, value)
            if channels.admits(channel) =>
        {
            Some(EventKind::Pedal {
                down: u8::from(value) >= 64,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(note: u8, velocity: u8) -> Option<EventKind> {
        Some(EventKind::NoteOn {
            note: Note(note),
            velocity,
        })
    }

    fn off(note: u8) -> Option<EventKind> {
        Some(EventKind::NoteOff { note: Note(note) })
    }

    #[test]
    fn note_messages_on_any_channel() {
        assert_eq!(decode(&[0x90, 60, 100], ChannelFilter::All), on(60, 100));
        assert_eq!(decode(&[0x9F, 127, 1], ChannelFilter::All), on(127, 1));
        assert_eq!(decode(&[0x80, 60, 64], ChannelFilter::All), off(60));
        assert_eq!(decode(&[0x83, 21, 0], ChannelFilter::All), off(21));
        // NoteOn with velocity 0 is a NoteOff.
        assert_eq!(decode(&[0x90, 60, 0], ChannelFilter::All), off(60));
    }

    #[test]
    fn one_channel_only() {
        let second = ChannelFilter::Only(1);
        assert_eq!(decode(&[0x91, 64, 90], second), on(64, 90));
        assert_eq!(decode(&[0x90, 64, 90], second), None);
        assert_eq!(decode(&[0x81, 64, 0], second), off(64));
        assert_eq!(decode(&[0xB0, 64, 127], second), None);
    }

    #[test]
    fn the_sustain_pedal() {
        assert_eq!(
            decode(&[0xB0, 64, 127], ChannelFilter::All),
            Some(EventKind::Pedal { down: true })
        );
        assert_eq!(
            decode(&[0xB0, 64, 64], ChannelFilter::All),
            Some(EventKind::Pedal { down: true })
        );
        assert_eq!(
            decode(&[0xB0, 64, 63], ChannelFilter::All),
            Some(EventKind::Pedal { down: false })
        );
        assert_eq!(
            decode(&[0xB0, 64, 0], ChannelFilter::All),
            Some(EventKind::Pedal { down: false })
        );
    }

    #[test]
    fn every_other_status_is_ignored() {
        let ignored: [&[u8]; 19] = [
            &[0xA0, 60, 50],                       // polyphonic aftertouch
            &[0xB0, 7, 100],                       // volume controller
            &[0xB0, 1, 20],                        // modulation wheel
            &[0xC0, 5],                            // program change
            &[0xD0, 40],                           // channel pressure
            &[0xE0, 0, 64],                        // pitch bend
            &[0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7], // SysEx identity request
            &[0xF1, 0x10],                         // MIDI time code quarter frame
            &[0xF2, 0x00, 0x01],                   // song position
            &[0xF3, 2],                            // song select
            &[0xF6],                               // tune request
            &[0xF8],                               // timing clock
            &[0xFA],                               // start
            &[0xFB],                               // continue
            &[0xFC],                               // stop
            &[0xFE],                               // active sensing
            &[0xFF],                               // reset
            &[0xF4],                               // undefined
            &[0xFD],                               // undefined
        ];
        for bytes in ignored {
            assert_eq!(decode(bytes, ChannelFilter::All), None, "{bytes:02X?}");
        }
    }

    #[test]
    fn malformed_bytes_are_skipped() {
        let malformed: [&[u8]; 8] = [
            &[],
            &[60, 100],          // data bytes without a status
            &[0x90],             // truncated
            &[0x90, 60],         // truncated
            &[0x90, 200, 100],   // data byte with the high bit set
            &[0x90, 60, 0x80],   // data byte with the high bit set
            &[0xF7],             // a lone end of SysEx
            &[0xF0, 0x01, 0x02], // SysEx without its end
        ];
        for bytes in malformed {
            assert_eq!(decode(bytes, ChannelFilter::All), None, "{bytes:02X?}");
        }
    }
}
