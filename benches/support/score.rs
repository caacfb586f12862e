//! A piano piece of any length, written as a notation program exports it: MusicXML with two
//! staves (the right hand in eighths with a tie every fourth bar and a grace note every eighth,
//! the left hand in half-note chords), and the same notes as a two-track MIDI file.

use std::fmt::Write as _;

/// The right hand's eighths, a bar's worth, cycling up a C major scale.
const RIGHT: [(&str, i32); 8] = [
    ("C", 5),
    ("D", 5),
    ("E", 5),
    ("F", 5),
    ("G", 5),
    ("A", 5),
    ("B", 5),
    ("C", 6),
];

/// A score of `bars` bars of 4/4 (and a pickup quarter) for two hands.
pub fn musicxml(bars: usize) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">
<score-partwise version="4.0">
  <work><work-title>Long Study</work-title></work>
  <identification><creator type="composer">Bench</creator></identification>
  <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
  <part id="P1">
    <measure number="0" implicit="yes">
      <attributes><divisions>2</divisions><key><fifths>0</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time><staves>2</staves>
        <clef number="1"><sign>G</sign><line>2</line></clef><clef number="2"><sign>F</sign><line>4</line></clef></attributes>
      <direction><direction-type><metronome><beat-unit>quarter</beat-unit><per-minute>100</per-minute></metronome></direction-type><sound tempo="100"/></direction>
      <note><pitch><step>G</step><octave>4</octave></pitch><duration>2</duration><voice>1</voice><type>quarter</type><staff>1</staff></note>
      <backup><duration>2</duration></backup>
      <note><rest/><duration>2</duration><voice>5</voice><type>quarter</type><staff>2</staff></note>
    </measure>
"#,
    );
    for bar in 1..=bars {
        let _ = writeln!(xml, r#"    <measure number="{bar}">"#);
        if bar % 8 == 0 {
            xml.push_str(
                "      <note><grace/><pitch><step>B</step><octave>4</octave></pitch><voice>1</voice><type>eighth</type><staff>1</staff></note>\n",
            );
        }
        for (i, (step, octave)) in RIGHT.iter().enumerate() {
            let tie = if bar % 4 == 0 && i == 7 {
                r#"<tie type="start"/>"#
            } else if bar % 4 == 1 && bar > 1 && i == 0 {
                r#"<tie type="stop"/>"#
            } else {
                ""
            };
            let (step, octave) = if bar % 4 == 1 && bar > 1 && i == 0 {
                ("C", 6)
            } else {
                (*step, *octave)
            };
            let _ = writeln!(
                xml,
                r#"      <note><pitch><step>{step}</step><octave>{octave}</octave></pitch><duration>1</duration>{tie}<voice>1</voice><type>eighth</type><staff>1</staff><notations><technical><fingering>{}</fingering></technical></notations></note>"#,
                i % 5 + 1
            );
        }
        xml.push_str("      <backup><duration>8</duration></backup>\n");
        for (root, third, fifth) in [
            (("C", 3), ("E", 3), ("G", 3)),
            (("G", 2), ("B", 2), ("D", 3)),
        ] {
            for (k, (step, octave)) in [root, third, fifth].iter().enumerate() {
                let chord = if k > 0 { "<chord/>" } else { "" };
                let _ = writeln!(
                    xml,
                    r#"      <note>{chord}<pitch><step>{step}</step><octave>{octave}</octave></pitch><duration>4</duration><voice>5</voice><type>half</type><staff>2</staff></note>"#
                );
            }
        }
        xml.push_str("    </measure>\n");
    }
    xml.push_str("  </part>\n</score-partwise>\n");
    xml
}

/// The same piece as a MIDI file: a conductor track, then the right and left hands.
pub fn midi(bars: usize) -> Vec<u8> {
    const PPQ: u32 = 480;
    let vlq = |mut n: u32| {
        let mut out = vec![(n & 0x7f) as u8];
        n >>= 7;
        while n > 0 {
            out.insert(0, 0x80 | (n & 0x7f) as u8);
            n >>= 7;
        }
        out
    };
    let track = |events: &mut Vec<(u32, Vec<u8>)>| {
        events.sort_by_key(|(at, data)| (*at, data[0] & 0xf0 == 0x90));
        let mut body = Vec::new();
        let mut now = 0;
        for (at, data) in events.iter() {
            body.extend(vlq(at - now));
            body.extend(data);
            now = *at;
        }
        body.extend([0, 0xff, 0x2f, 0]);
        let mut chunk = b"MTrk".to_vec();
        chunk.extend((body.len() as u32).to_be_bytes());
        chunk.extend(body);
        chunk
    };
    let note = |events: &mut Vec<(u32, Vec<u8>)>, channel: u8, start: u32, length: u32, key: u8| {
        events.push((start, vec![0x90 | channel, key, 80]));
        events.push((start + length, vec![0x80 | channel, key, 0]));
    };
    let mut conductor = vec![
        (0, vec![0xff, 0x03, 4, b'L', b'o', b'n', b'g']),
        (0, vec![0xff, 0x51, 3, 0x09, 0x27, 0xc0]),
        (0, vec![0xff, 0x58, 4, 4, 2, 24, 8]),
    ];
    let mut right = vec![(0, b"\xff\x03\x02RH".to_vec())];
    let mut left = vec![(0, b"\xff\x03\x02LH".to_vec())];
    let scale = [72u8, 74, 76, 77, 79, 81, 83, 84];
    for bar in 0..bars as u32 {
        let start = bar * 4 * PPQ;
        for (i, key) in scale.iter().enumerate() {
            note(&mut right, 0, start + i as u32 * PPQ / 2, PPQ / 2, *key);
        }
        for (half, chord) in [[48u8, 52, 55], [43, 47, 50]].iter().enumerate() {
            for key in chord {
                note(&mut left, 1, start + half as u32 * 2 * PPQ, 2 * PPQ, *key);
            }
        }
    }
    let mut smf = b"MThd".to_vec();
    smf.extend(6u32.to_be_bytes());
    smf.extend([0, 1, 0, 3]);
    smf.extend((PPQ as u16).to_be_bytes());
    smf.extend(track(&mut conductor));
    smf.extend(track(&mut right));
    smf.extend(track(&mut left));
    smf
}
