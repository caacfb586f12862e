//! Finding where a field or a string stands in RON text, for errors found after parsing
//! (a fingering of the wrong length, a duplicate id, a course entry naming no lesson).
//!
//! A small scanner that skips comments and string contents, so that words inside an
//! instruction text are never mistaken for fields.

/// A line and column, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

impl Position {
    /// The start of the text.
    pub const START: Position = Position { line: 1, col: 1 };
}

#[derive(Debug)]
enum Token {
    /// An identifier followed (after white space) by `:`.
    Field(String),
    /// A string literal's contents.
    Str(String),
}

/// Walks the text one character at a time, keeping the line and column.
struct Cursor {
    chars: Vec<char>,
    index: usize,
    at: Position,
}

impl Cursor {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.index + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.index += 1;
        if c == '\n' {
            self.at.line += 1;
            self.at.col = 1;
        } else {
            self.at.col += 1;
        }
        Some(c)
    }

    fn next_non_space(&self) -> Option<char> {
        self.chars[self.index..]
            .iter()
            .copied()
            .find(|c| !c.is_whitespace())
    }
}

fn tokens(text: &str) -> Vec<(Token, Position)> {
    let mut cursor = Cursor {
        chars: text.chars().collect(),
        index: 0,
        at: Position::START,
    };
    let mut found = Vec::new();
    while let Some(c) = cursor.peek(0) {
        let start = cursor.at;
        match (c, cursor.peek(1)) {
            ('/', Some('/')) => {
                while cursor.peek(0).is_some_and(|c| c != '\n') {
                    cursor.bump();
                }
            }
            ('/', Some('*')) => {
                cursor.bump();
                cursor.bump();
                while cursor.peek(0).is_some()
                    && !(cursor.peek(0) == Some('*') && cursor.peek(1) == Some('/'))
                {
                    cursor.bump();
                }
                cursor.bump();
                cursor.bump();
            }
            ('"', _) => {
                cursor.bump();
                let mut contents = String::new();
                while let Some(c) = cursor.bump() {
                    match c {
                        '"' => break,
                        '\\' => contents.extend(cursor.bump()),
                        other => contents.push(other),
                    }
                }
                found.push((Token::Str(contents), start));
            }
            (c, _) if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                while let Some(c) = cursor.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                    word.push(c);
                    cursor.bump();
                }
                if cursor.next_non_space() == Some(':') {
                    found.push((Token::Field(word), start));
                }
            }
            _ => {
                cursor.bump();
            }
        }
    }
    found
}

/// Where the first field called `name` (as in `name: value`) stands.
pub fn field(text: &str, name: &str) -> Option<Position> {
    tokens(text)
        .into_iter()
        .find_map(|(token, at)| matches!(&token, Token::Field(f) if f == name).then_some(at))
}

/// Where each string literal equal to `value` stands, in order.
pub fn strings(text: &str, value: &str) -> Vec<Position> {
    tokens(text)
        .into_iter()
        .filter_map(|(token, at)| matches!(&token, Token::Str(s) if s == value).then_some(at))
        .collect()
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
        assert_eq!(
            strings(text, "a"),
            vec![Position { line: 1, col: 2 }, Position { line: 2, col: 2 }]
        );
        assert_eq!(strings(text, "b\"c").len(), 1);
    }
}
