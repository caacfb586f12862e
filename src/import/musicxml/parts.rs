//! What a score says beside its notes' timing: which parts the hands play, the title and
//! composer, a note's finger and tie, and the small helpers for reading elements.

use roxmltree::Node;

use super::Part;
use crate::lesson::Hand;
use crate::lesson::piece::hand_named;

/// How a chosen part's notes are shared between the hands.
pub(super) enum Hands {
    /// Upper staff right, the others left.
    ByStaff,
    /// Every note in this hand.
    All(Hand),
}

impl Hands {
    pub(super) fn hand_of(&self, staff: u8) -> Hand {
        match self {
            Hands::ByStaff if staff <= 1 => Hand::Right,
            Hands::ByStaff => Hand::Left,
            Hands::All(hand) => *hand,
        }
    }
}

/// The parts played and how (see the module's rules), or none when no part has notes.
pub(super) fn choose_hands(parts: &[Part]) -> Option<Vec<(usize, Hands)>> {
    let with_notes = |p: &&Part| !p.notes.is_empty();
    if let Some(piano) = parts.iter().position(|p| p.staves >= 2 && with_notes(&p)) {
        return Some(vec![(piano, Hands::ByStaff)]);
    }
    let named: Vec<(usize, Hands)> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| with_notes(p))
        .filter_map(|(i, p)| Some((i, Hands::All(hand_named(p.name.as_deref()?)?))))
        .collect();
    if !named.is_empty() {
        return Some(named);
    }
    let first = parts.iter().position(|p| with_notes(&p))?;
    Some(vec![(first, Hands::All(Hand::Right))])
}

/// The `<part-name>` of each `<score-part>` by its id.
pub(super) fn part_names(root: Node) -> Vec<(String, String)> {
    first(root, "part-list")
        .into_iter()
        .flat_map(|list| children(list, "score-part"))
        .filter_map(|part| {
            let id = part.attribute("id")?.to_owned();
            let name = first(part, "part-name")?.text()?.trim().to_owned();
            Some((id, name))
        })
        .collect()
}

/// The work's title, else the movement's, else a title credit.
pub(super) fn title(root: Node) -> Option<String> {
    let work = first(root, "work").and_then(|w| first(w, "work-title"));
    let movement = first(root, "movement-title");
    let credit = children(root, "credit")
        .find(|c| first(*c, "credit-type").and_then(|t| t.text()) == Some("title"))
        .and_then(|c| first(c, "credit-words"));
    [work, movement, credit]
        .into_iter()
        .flatten()
        .filter_map(|n| n.text())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|t| !t.is_empty())
}

/// The creator of type "composer".
pub(super) fn composer(root: Node) -> Option<String> {
    first(root, "identification")
        .into_iter()
        .flat_map(|i| children(i, "creator"))
        .find(|c| c.attribute("type") == Some("composer"))
        .and_then(|c| c.text())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

/// The note's finger: the first of `<fingering>` (of "1-2", a change on a held key, the first).
pub(super) fn finger(note: Node) -> Option<u8> {
    let fingering = note
        .descendants()
        .find(|n| n.has_tag_name("fingering"))?
        .text()?;
    fingering
        .trim()
        .chars()
        .next()?
        .to_digit(10)
        .and_then(|d| u8::try_from(d).ok())
        .filter(|d| (1..=5).contains(d))
}

/// Whether the note continues a tie (`<tie type="stop"/>`, or the drawn `<tied type="stop"/>`).
pub(super) fn tied_from_before(note: Node) -> bool {
    note.descendants()
        .filter(|n| n.has_tag_name("tie") || n.has_tag_name("tied"))
        .any(|n| n.attribute("type") == Some("stop"))
}

/// The child elements of `node` named `name`.
pub(super) fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |n| n.has_tag_name(name))
}

/// The first child element of `node` named `name`.
pub(super) fn first<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> Option<Node<'a, 'input>> {
    children(node, name).next()
}

/// Whether `node` has a child element named `name`.
pub(super) fn has(node: Node, name: &'static str) -> bool {
    first(node, name).is_some()
}
