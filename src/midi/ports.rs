//! Choosing an input port by name, and noticing ports come and go.

/// Why no port could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortChoiceError {
    /// No MIDI input port at all.
    #[error("no MIDI input ports: is the keyboard plugged in and switched on?")]
    NoPorts,
    /// Nothing matches the requested name.
    #[error("no MIDI input port matches \"{requested}\"; the ports are: {}", available.join(", "))]
    NotFound {
        /// What was asked for.
        requested: String,
        /// What there is.
        available: Vec<String>,
    },
    /// The requested name is part of several port names.
    #[error("\"{requested}\" matches several MIDI input ports: {}; give more of the name", matches.join(", "))]
    Ambiguous {
        /// What was asked for.
        requested: String,
        /// The ports it matches.
        matches: Vec<String>,
    },
    /// Several ports, none asked for or remembered.
    #[error("several MIDI input ports; choose one with --port: {}", available.join(", "))]
    Several {
        /// What there is.
        available: Vec<String>,
    },
}

/// A port's name without the ALSA address some systems append (" 20:0"), which changes when a
/// keyboard is plugged into another socket; two names for the same keyboard compare equal.
pub fn identity(name: &str) -> &str {
    let trimmed = name.trim_end();
    if let Some((head, address)) = trimmed.rsplit_once(' ')
        && let Some((client, port)) = address.split_once(':')
        && !client.is_empty()
        && !port.is_empty()
        && client.chars().all(|c| c.is_ascii_digit())
        && port.chars().all(|c| c.is_ascii_digit())
    {
        return head.trim_end();
    }
    trimmed
}

/// Picks the port to use: the requested one (its exact name, or a part of exactly one name,
/// ignoring case), else the remembered one when it is there, else the only one.
pub fn choose(
    available: &[String],
    requested: Option<&str>,
    remembered: Option<&str>,
) -> Result<String, PortChoiceError> {
    if available.is_empty() {
        return Err(PortChoiceError::NoPorts);
    }
    if let Some(requested) = requested {
        if let Some(exact) = available
            .iter()
            .find(|p| *p == requested || identity(p) == identity(requested))
        {
            return Ok(exact.clone());
        }
        let wanted = requested.to_lowercase();
        let matches: Vec<String> = available
            .iter()
            .filter(|p| p.to_lowercase().contains(&wanted))
            .cloned()
            .collect();
        return match matches.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(PortChoiceError::NotFound {
                requested: requested.to_owned(),
                available: available.to_vec(),
            }),
            _ => Err(PortChoiceError::Ambiguous {
                requested: requested.to_owned(),
                matches,
            }),
        };
    }
    if let Some(remembered) = remembered
        && let Some(port) = available
            .iter()
            .find(|p| identity(p) == identity(remembered))
    {
        return Ok(port.clone());
    }
    match available {
        [only] => Ok(only.clone()),
        _ => Err(PortChoiceError::Several {
            available: available.to_vec(),
        }),
    }
}

/// A change in the list of ports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortChange {
    /// A port is there that was not.
    Appeared(String),
    /// A port that was there is gone.
    Disappeared(String),
}

/// Remembers the last list of ports, to tell what changed (midir has no notifications, so the
/// list is polled).
#[derive(Clone, Debug, Default)]
pub struct PortWatch {
    known: Vec<String>,
}

impl PortWatch {
    /// Starts from the ports there now.
    pub fn new(known: Vec<String>) -> PortWatch {
        PortWatch { known }
    }

    /// The ports as last seen.
    pub fn known(&self) -> &[String] {
        &self.known
    }

    /// Takes a fresh list and says what changed since the last one.
    pub fn update(&mut self, now: Vec<String>) -> Vec<PortChange> {
        let mut changes: Vec<PortChange> = self
            .known
            .iter()
            .filter(|old| !now.iter().any(|new| identity(new) == identity(old)))
            .map(|old| PortChange::Disappeared(old.clone()))
            .collect();
        changes.extend(
            now.iter()
                .filter(|new| !self.known.iter().any(|old| identity(old) == identity(new)))
                .map(|new| PortChange::Appeared(new.clone())),
        );
        self.known = now;
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn choosing_by_exact_name_part_remembered_or_only() {
        let ports = names(&[
            "Midi Through:Midi Through Port-0 14:0",
            "Digital Piano:Digital Piano MIDI 1 20:0",
        ]);
        assert_eq!(
            choose(
                &ports,
                Some("Digital Piano:Digital Piano MIDI 1 20:0"),
                None
            )
            .unwrap(),
            ports[1]
        );
        assert_eq!(choose(&ports, Some("piano"), None).unwrap(), ports[1]);
        assert!(matches!(
            choose(&ports, Some("midi"), None),
            Err(PortChoiceError::Ambiguous { .. })
        ));
        assert!(matches!(
            choose(&ports, Some("organ"), None),
            Err(PortChoiceError::NotFound { .. })
        ));
        // The keyboard replugged into another socket got a new address: still remembered.
        assert_eq!(
            choose(
                &ports,
                None,
                Some("Digital Piano:Digital Piano MIDI 1 24:0")
            )
            .unwrap(),
            ports[1]
        );
        assert!(matches!(
            choose(&ports, None, Some("Gone:Gone 30:0")),
            Err(PortChoiceError::Several { .. })
        ));
        assert_eq!(choose(&ports[1..], None, None).unwrap(), ports[1]);
        assert_eq!(choose(&[], None, None), Err(PortChoiceError::NoPorts));
    }

    #[test]
    fn identities_drop_only_an_alsa_address() {
        assert_eq!(
            identity("Digital Piano:Digital Piano MIDI 1 20:0"),
            "Digital Piano:Digital Piano MIDI 1"
        );
        assert_eq!(identity("etude-test:keyboard"), "etude-test:keyboard");
        assert_eq!(identity("Port 1:2x"), "Port 1:2x");
    }

    #[test]
    fn the_watch_reports_unplug_and_replug() {
        let mut watch = PortWatch::new(names(&["Through 14:0", "Piano 20:0"]));
        assert_eq!(watch.update(names(&["Through 14:0", "Piano 20:0"])), []);
        assert_eq!(
            watch.update(names(&["Through 14:0"])),
            [PortChange::Disappeared("Piano 20:0".into())]
        );
        assert_eq!(watch.update(names(&["Through 14:0"])), []);
        assert_eq!(
            watch.update(names(&["Piano 24:0", "Through 14:0", "Synth 28:0"])),
            [
                PortChange::Appeared("Piano 24:0".into()),
                PortChange::Appeared("Synth 28:0".into())
            ]
        );
        assert_eq!(
            watch.update(names(&[])),
            [
                PortChange::Disappeared("Piano 24:0".into()),
                PortChange::Disappeared("Through 14:0".into()),
                PortChange::Disappeared("Synth 28:0".into())
            ]
        );
        assert_eq!(watch.known(), &[] as &[String]);
    }
}
