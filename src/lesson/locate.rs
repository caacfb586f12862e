//! Finding where a field or a string stands in RON text, for errors found after parsing
//! (a fingering of the wrong length, a duplicate id, a course entry naming no lesson), and
//! which field a position lies in (for RON's errors that do not say).
//!
//! A small scanner that skips comments and string contents, so that words inside an
//! instruction text are never mistaken for fields. It reads the text lazily: finding the
//! first field stops there, and nothing it keeps grows faster than the text.

use std::collections::HashMap;

/// A line and column, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

impl Position {
    /// The start of the text.
    pub const START: Position = Position { line: 1, col: 1 };

    /// The position just after `text`: where the character following it stands.
    pub fn after(text: &str) -> Position {
        let line = 1 + text.matches('\n').count();
        let last_line = text
            .rfind('\n')
            .map_or(text, |newline| &text[newline + 1..]);
        Position {
            line,
            col: 1 + last_line.chars().count(),
        }
    }
}

/// What the scanner finds, each with where it starts.
#[derive(Debug)]
enum Token {
    /// An identifier followed (after white space) by `:`.
    Field(String),
    /// A string literal's contents.
    Str(String),
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
}

/// Walks the text one character at a time, keeping the line and column.
struct Tokens<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    index: usize,
    at: Position,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            text,
            index: 0,
            at: Position::START,
        }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.index..).unwrap_or_default()
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.rest().chars().nth(ahead)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.index += c.len_utf8();
        if c == '\n' {
            self.at.line += 1;
            self.at.col = 1;
        } else {
            self.at.col += 1;
        }
        Some(c)
    }

    fn next_non_space(&self) -> Option<char> {
        self.rest().chars().find(|c| !c.is_whitespace())
    }

    /// Skips a block comment (the `/*` not yet read); RON's block comments nest.
    fn skip_block_comment(&mut self) {
        self.bump();
        self.bump();
        let mut depth = 1usize;
        while depth > 0 {
            match (self.peek(0), self.peek(1)) {
                (None, _) => return,
                (Some('*'), Some('/')) => {
                    self.bump();
                    self.bump();
                    depth -= 1;
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    depth += 1;
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// Reads a quoted string (the opening `"` not yet read), resolving simple escapes.
    fn quoted(&mut self) -> String {
        self.bump();
        let mut contents = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => contents.extend(self.bump()),
                other => contents.push(other),
            }
        }
        contents
    }

    /// Reads a raw string `r#"..."#` after its `r` (the hashes not yet read).
    fn raw(&mut self) -> String {
        let mut hashes = 0usize;
        while self.peek(0) == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // the opening quote
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        // One search for the end keeps this linear however many hashes there are.
        let rest = self.rest();
        let (contents, length) = match rest.find(&closing) {
            Some(end) => (rest.get(..end).unwrap_or_default(), end + closing.len()),
            None => (rest, rest.len()),
        };
        let target = self.index + length;
        while self.index < target && self.bump().is_some() {}
        contents.to_owned()
    }

    /// Whether a raw string `r"..."` or `r#"..."#` starts here (not a raw identifier `r#name`).
    fn at_raw_string(&self) -> bool {
        self.rest()
            .strip_prefix('r')
            .is_some_and(|after| after.trim_start_matches('#').starts_with('"'))
    }

    /// Skips a character literal such as `'a'` or `'\''` (the opening `'` not yet read).
    fn skip_char_literal(&mut self) {
        self.bump();
        if self.bump() == Some('\\') {
            self.bump();
        }
        if self.peek(0) == Some('\'') {
            self.bump();
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (Token, Position);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some(c) = self.peek(0) {
            let start = self.at;
            match (c, self.peek(1)) {
                ('/', Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                ('/', Some('*')) => self.skip_block_comment(),
                ('"', _) => return Some((Token::Str(self.quoted()), start)),
                ('\'', _) => self.skip_char_literal(),
                ('(' | '[' | '{', _) => {
                    self.bump();
                    return Some((Token::Open, start));
                }
                (')' | ']' | '}', _) => {
                    self.bump();
                    return Some((Token::Close, start));
                }
                ('r', Some('"' | '#')) if self.at_raw_string() => {
                    self.bump();
                    return Some((Token::Str(self.raw()), start));
                }
                (c, _) if c.is_alphabetic() || c == '_' => {
                    let mut word = String::new();
                    while let Some(c) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                        word.push(c);
                        self.bump();
                    }
                    if self.next_non_space() == Some(':') {
                        return Some((Token::Field(word), start));
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
        None
    }
}

/// Where the first field called `name` (as in `name: value`) stands.
pub fn field(text: &str, name: &str) -> Option<Position> {
    Tokens::new(text)
        .find_map(|(token, at)| matches!(&token, Token::Field(f) if f == name).then_some(at))
}

/// Every string literal's contents with where each occurrence stands, in order: one pass
/// for a file that looks up many strings (a course's lesson ids).
pub fn all_strings(text: &str) -> HashMap<String, Vec<Position>> {
    let mut found: HashMap<String, Vec<Position>> = HashMap::new();
    for (token, at) in Tokens::new(text) {
        if let Token::Str(contents) = token {
            found.entry(contents).or_default().push(at);
        }
    }
    found
}

/// The field whose value `at` lies in: the nearest `name:` before `at` inside the innermost
/// brackets that have one (so a position inside `steps: ["C4", "Q4"]` lies in `steps`).
/// `None` when `at` is in no field's value, such as before the first field.
pub fn field_at(text: &str, at: Position) -> Option<String> {
    // One entry per open bracket (and one for the top level): the last field named in it.
    let mut frames: Vec<Option<String>> = vec![None];
    for (token, start) in Tokens::new(text) {
        if start >= at {
            break;
        }
        match token {
            Token::Open => frames.push(None),
            Token::Close => {
                if frames.len() > 1 {
                    frames.pop();
                }
            }
            Token::Field(name) => {
                if let Some(last) = frames.last_mut() {
                    *last = Some(name);
                }
            }
            Token::Str(_) => {}
        }
    }
    frames.into_iter().rev().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_comments_and_strings_are_skipped() {
        let text = "Lesson(\n  // fingering: not this\n  instructions: \"fingering: nor this\",\n  /* fingering: */ exercise: Scale(\n    fingering : [1],\n  ),\n)";
        assert_eq!(field(text, "fingering"), Some(Position { line: 5, col: 5 }));
        assert_eq!(
            field(text, "instructions"),
            Some(Position { line: 3, col: 3 })
        );
        assert_eq!(field(text, "missing"), None);
    }

    #[test]
    fn strings_are_found_with_escapes() {
        let text = "[\"a\", \"b\\\"c\",\n \"a\"]";
        let all = all_strings(text);
        assert_eq!(
            all.get("a"),
            Some(&vec![
                Position { line: 1, col: 2 },
                Position { line: 2, col: 2 }
            ])
        );
        assert_eq!(all.get("b\"c").map(Vec::len), Some(1));
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn raw_strings_and_nested_comments_are_skipped() {
        let text = "Lesson(\n  summary: r#\"say \"tempo: 3\" \"#,\n  /* a /* nested */ tempo: */\n  tempo: 72,\n)";
        assert_eq!(field(text, "tempo"), Some(Position { line: 4, col: 3 }));
        assert_eq!(
            all_strings(text).get("say \"tempo: 3\" ").map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn a_position_lies_in_the_field_of_its_value() {
        let text = "Lesson(\n  tempo: \"fast\",\n  exercise: Notes(hand: Right, steps: [\"C4\", \"Q4\"], beats: [1, 0]),\n)";
        assert_eq!(
            field_at(text, Position { line: 2, col: 10 }).as_deref(),
            Some("tempo")
        );
        // Inside the list of steps, and at its closing bracket.
        assert_eq!(
            field_at(text, Position { line: 3, col: 46 }).as_deref(),
            Some("steps")
        );
        assert_eq!(
            field_at(text, Position { line: 3, col: 50 }).as_deref(),
            Some("steps")
        );
        assert_eq!(
            field_at(text, Position { line: 3, col: 65 }).as_deref(),
            Some("beats")
        );
        assert_eq!(field_at(text, Position::START), None);
    }

    #[test]
    fn after_counts_lines_and_characters() {
        assert_eq!(Position::after(""), Position::START);
        assert_eq!(Position::after("ab\nçd"), Position { line: 2, col: 3 });
        assert_eq!(Position::after("ab\n"), Position { line: 2, col: 1 });
    }
}
