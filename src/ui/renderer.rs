//! Which renderer draws the window. iced tries wgpu first and uses tiny-skia (software) only
//! when wgpu cannot start; but on wgpu's OpenGL backend (Mesa's software GL under Xvfb,
//! virtual machines, older GPUs) canvases of the screen before are left on the next one
//! (iced issue #2400). So Etude lets wgpu use only Vulkan, Metal or DirectX 12, and draws in
//! software where none of them has an adapter. The Settings screen can ask for software (or
//! for any wgpu backend) instead, and the standard `ICED_BACKEND` / `WGPU_BACKEND` variables
//! are obeyed as they are. iced reads its choice from the environment when it starts, so the
//! window is started again with the choice in its environment ([`relaunch_with_choice`]).

use std::fmt;

use iced::wgpu;

use crate::store::settings::Settings;

/// Set in the window's environment: the renderer in use, in words (and that the choice is made).
pub const CHOSEN_VARIABLE: &str = "ETUDE_RENDERER";

/// What the Settings screen offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preference {
    /// wgpu on Vulkan, Metal or DirectX 12; software where none of them is there.
    Automatic,
    /// tiny-skia: drawn by the processor, everywhere the same.
    Software,
    /// wgpu on whatever backend it finds, OpenGL included.
    AnyGpu,
}

impl Preference {
    /// All three, for the chooser.
    pub const ALL: [Preference; 3] = [
        Preference::Automatic,
        Preference::Software,
        Preference::AnyGpu,
    ];

    /// The preference in the settings (`renderer: "software"` …).
    pub fn of(settings: &Settings) -> Preference {
        match settings.renderer.as_deref() {
            Some("software") => Preference::Software,
            Some("gpu") => Preference::AnyGpu,
            _ => Preference::Automatic,
        }
    }

    /// Its name in the settings file; none for the default.
    pub fn setting(self) -> Option<&'static str> {
        match self {
            Preference::Automatic => None,
            Preference::Software => Some("software"),
            Preference::AnyGpu => Some("gpu"),
        }
    }
}

impl fmt::Display for Preference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preference::Automatic => "Automatic",
            Preference::Software => "Software (tiny-skia)",
            Preference::AnyGpu => "GPU, any backend",
        })
    }
}

/// A choice: the environment the window starts with, and the words for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Variables to set.
    pub environment: Vec<(&'static str, String)>,
    /// What draws, in words.
    pub description: String,
}

/// The backends that never leave stale canvases.
fn modern_backends() -> wgpu::Backends {
    wgpu::Backends::VULKAN | wgpu::Backends::METAL | wgpu::Backends::DX12
}

/// The first adapter on a modern backend, in words ("Vulkan: AMD Radeon …"), if there is one.
fn modern_adapter() -> Option<String> {
    let instance = wgpu::Instance::new(&wgpu::InstanceDescriptor {
        backends: modern_backends(),
        ..Default::default()
    });
    let adapters = instance.enumerate_adapters(modern_backends());
    let info = adapters.first()?.get_info();
    Some(format!("{:?}: {}", info.backend, info.name))
}

/// What to draw with, given the preference and the variables the user set.
pub fn choose(preference: Preference) -> Choice {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(backend) = set("ICED_BACKEND") {
        return Choice {
            environment: Vec::new(),
            description: format!("{backend}, as ICED_BACKEND asks"),
        };
    }
    if let Some(backends) = set("WGPU_BACKEND") {
        return Choice {
            environment: Vec::new(),
            description: format!("wgpu on {backends}, as WGPU_BACKEND asks"),
        };
    }
    let software = |why: &str| Choice {
        environment: vec![("ICED_BACKEND", "tiny-skia".to_owned())],
        description: format!("tiny-skia (software){why}"),
    };
    match preference {
        Preference::Software => software(", as the settings ask"),
        Preference::AnyGpu => Choice {
            environment: Vec::new(),
            description:
                "wgpu on any backend, as the settings ask (OpenGL may leave stale pictures)"
                    .to_owned(),
        },
        Preference::Automatic => match modern_adapter() {
            Some(adapter) => Choice {
                environment: vec![("WGPU_BACKEND", "vulkan,metal,dx12".to_owned())],
                description: format!("wgpu ({adapter})"),
            },
            None => software(
                ": no Vulkan, Metal or DirectX 12 here, and OpenGL can leave stale pictures",
            ),
        },
    }
}

/// In the window process: starts the window again with the renderer chosen in its environment,
/// and does not come back when that works (on Unix the process becomes the new one). Returns
/// at once when the choice is made already (this is the new process), or when starting again
/// fails (then iced's own choice stands).
pub fn relaunch_with_choice(settings: &Settings) {
    if std::env::var_os(CHOSEN_VARIABLE).is_some() {
        return;
    }
    let choice = choose(Preference::of(settings));
    tracing::info!("renderer: {}", choice.description);
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    let mut command = std::process::Command::new(program);
    command
        .args(std::env::args_os().skip(1))
        .env(CHOSEN_VARIABLE, &choice.description)
        .envs(choice.environment.iter().map(|(k, v)| (*k, v.as_str())));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        tracing::warn!("cannot start the window with the renderer chosen: {error}");
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(error) => tracing::warn!("cannot start the window with the renderer chosen: {error}"),
    }
}

/// The renderer in use, in words, for the Settings screen.
pub fn in_use() -> String {
    std::env::var(CHOSEN_VARIABLE)
        .unwrap_or_else(|_| "as iced chooses (not started by `etude`)".to_owned())
}
