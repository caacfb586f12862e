#!/usr/bin/env python3
"""Writes the MIDI pieces the tests read (run from this folder: python3 make_midi.py).

Each file is written byte by byte from the Standard MIDI File specification, so the tests read
what any sequencer would write; the notes are listed here as a person counts them."""

import struct

PPQ = 480
Q, E, H, DH = PPQ, PPQ // 2, PPQ * 2, PPQ * 3


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.insert(0, 0x80 | (n & 0x7F))
        n >>= 7
    return bytes(out)


def meta(kind, data):
    return bytes([0xFF, kind]) + vlq(len(data)) + data


def track(events):
    """events: (tick, bytes) in any order; written with delta times and an End of Track."""
    out, now = b"", 0
    for tick, data in sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90)):
        out += vlq(tick - now) + data
        now = tick
    out += vlq(0) + meta(0x2F, b"")
    return b"MTrk" + struct.pack(">I", len(out)) + out


def notes(channel, items):
    """items: (start tick, length ticks, midi note)."""
    events = []
    for start, length, note in items:
        events.append((start, bytes([0x90 | channel, note, 80])))
        events.append((start + length, bytes([0x80 | channel, note, 0])))
    return events


def name(text):
    return [(0, meta(0x03, text.encode()))]


def smf(fmt, tracks):
    return b"MThd" + struct.pack(">IHHH", 6, fmt, len(tracks), PPQ) + b"".join(tracks)


D5, G4, A4, B4, C5, E5, F5S, G5 = 74, 67, 69, 71, 72, 76, 78, 79
G3, A3, B3, D4, C4 = 55, 57, 59, 62, 60

# A minuet opening in G major, 3/4 at 96, right and left hand in named tracks (format 1).
# Right hand, 14 steps: D5 G4 A4 B4 C5 | D5 G4 G4 | E5 C5 D5 E5 F#5 | G5.
right = [(0, Q, D5), (Q, E, G4), (Q + E, E, A4), (2 * Q, E, B4), (2 * Q + E, E, C5),
         (DH, Q, D5), (DH + Q, Q, G4), (DH + 2 * Q, Q, G4),
         (2 * DH, Q, E5), (2 * DH + Q, E, C5), (2 * DH + Q + E, E, D5),
         (2 * DH + 2 * Q, E, E5), (2 * DH + 2 * Q + E, E, F5S),
         (3 * DH, DH, G5)]
# Left hand, 5 steps: G3 B3 D4 together, A3 | B3 | C4 | B3.
left = [(0, H, G3), (0, H, B3), (0, H, D4), (H, Q, A3),
        (DH, DH, B3), (2 * DH, DH, C4), (3 * DH, DH, B3)]
conductor = name("Little Minuet") + [
    (0, meta(0x51, struct.pack(">I", 625000)[1:])),  # 96 quarter notes a minute
    (0, meta(0x58, bytes([3, 2, 24, 8]))),  # 3/4
    (0, meta(0x59, bytes([1, 0]))),  # G major
]
with open("minuet-named.mid", "wb") as f:
    f.write(smf(1, [track(conductor),
                    track(name("Right Hand") + notes(0, right)),
                    track(name("LH") + notes(1, left))]))

# Format 0, one unnamed track, 4/4 by default: C4 E4 G4 over C3 — from C4 up is the right hand.
with open("format0-by-pitch.mid", "wb") as f:
    f.write(smf(0, [track(notes(0, [(0, Q, 60), (Q, Q, 64), (2 * Q, H, 67), (0, 4 * Q, 48)]))]))

# Format 1, two unnamed tracks with notes: the first is the right hand, however low it plays.
with open("two-unnamed-tracks.mid", "wb") as f:
    f.write(smf(1, [track(notes(0, [(0, Q, 48), (Q, Q, 50)])),
                    track(notes(1, [(0, H, 84)]))]))

# Drums only (channel 10): nothing to practise.
with open("drums-only.mid", "wb") as f:
    f.write(smf(0, [track(notes(9, [(0, Q, 36), (Q, Q, 38)]))]))
