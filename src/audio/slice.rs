//! A short time slice for the audio thread, asked of Linux's scheduler. Without real-time
//! priority (the usual desktop: no `audio` group, no rtkit), the audio thread is an ordinary
//! thread, and on a busy machine it may wait for another to use up its slice before it runs:
//! long enough, at a 64-frame period (1.3 ms), for the sound server to go on without it.
//! Since Linux 6.12 an ordinary thread may ask for a shorter slice (`sched_runtime` under the
//! normal policy, no privilege needed); the scheduler then runs it sooner when it wakes, and
//! lets it preempt a thread with a longer slice. A tenth of a millisecond is the shortest
//! Linux grants; the audio thread's work in a 64-frame period fits in it (13–39 µs measured).
//! Older kernels ignore the request.

use std::io;
use std::time::Duration;

/// The slice asked for the audio thread: the shortest Linux grants.
pub const AUDIO_SLICE: Duration = Duration::from_micros(100);

/// What asking for the slice came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slice {
    /// The thread has [`AUDIO_SLICE`] now.
    Granted,
    /// The kernel took the request and kept its own slice (a kernel before 6.12).
    Ignored,
    /// The thread has another policy (real time, most likely): nothing was asked.
    OtherPolicy,
    /// Not on Linux: there is nothing to ask.
    Unsupported,
}

/// Asks the scheduler to give the calling thread [`AUDIO_SLICE`], keeping its policy and
/// nice value; call it once, from the audio thread (a system call that neither blocks nor
/// allocates).
#[cfg(target_os = "linux")]
pub fn ask_for_audio_slice() -> io::Result<Slice> {
    let mut attributes = linux::attributes()?;
    if attributes.sched_policy != linux::SCHED_NORMAL {
        return Ok(Slice::OtherPolicy);
    }
    let wanted = u64::try_from(AUDIO_SLICE.as_nanos()).unwrap_or(u64::MAX);
    attributes.sched_runtime = wanted;
    // Only the flag the thread may not clear without privilege is kept.
    attributes.sched_flags &= linux::SCHED_FLAG_RESET_ON_FORK;
    linux::set_attributes(attributes)?;
    // A kernel that keeps a slice of its own says so when asked back.
    Ok(if linux::attributes()?.sched_runtime == wanted {
        Slice::Granted
    } else {
        Slice::Ignored
    })
}

/// Elsewhere there is nothing to ask.
#[cfg(not(target_os = "linux"))]
pub fn ask_for_audio_slice() -> io::Result<Slice> {
    Ok(Slice::Unsupported)
}

/// The audio thread's request, made from the callback that renders (the one place that runs
/// on that thread): the first block asks, the others do nothing.
#[derive(Debug, Default)]
pub struct AskOnce {
    asked: bool,
}

impl AskOnce {
    /// Asks for [`AUDIO_SLICE`] the first time it is called. Refused or not, the sound plays
    /// on: a system call that neither blocks nor allocates, once.
    pub fn ask(&mut self) {
        if !self.asked {
            self.asked = true;
            let _ = ask_for_audio_slice();
        }
    }
}

/// The two system calls, which the `libc` crate declares but does not wrap: the only `unsafe`
/// code in Etude.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod linux {
    use std::io;

    /// The normal policy's number (`SCHED_OTHER`).
    pub const SCHED_NORMAL: u32 = 0;

    /// The flag that puts a thread's children back on the normal policy.
    pub const SCHED_FLAG_RESET_ON_FORK: u64 = 0x01;

    /// The structure's size: its first version, which every kernel since 3.14 reads.
    const SIZE: u32 = 48;
    const _: () = assert!(size_of::<libc::sched_attr>() == SIZE as usize);

    /// The calling thread's scheduling attributes.
    pub fn attributes() -> io::Result<libc::sched_attr> {
        let mut attributes = libc::sched_attr {
            size: SIZE,
            sched_policy: 0,
            sched_flags: 0,
            sched_nice: 0,
            sched_priority: 0,
            sched_runtime: 0,
            sched_deadline: 0,
            sched_period: 0,
        };
        // SAFETY: the kernel writes at most `SIZE` bytes, the structure's own size, into a
        // structure that lives across the call; thread 0 is the calling thread.
        let result =
            unsafe { libc::syscall(libc::SYS_sched_getattr, 0, &raw mut attributes, SIZE, 0) };
        if result == 0 {
            Ok(attributes)
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// Sets the calling thread's scheduling attributes.
    pub fn set_attributes(mut attributes: libc::sched_attr) -> io::Result<()> {
        // The kernel reads as many bytes as the structure says it has: exactly its own.
        attributes.size = SIZE;
        // SAFETY: the kernel reads `SIZE` bytes, the structure's own size, from a structure
        // that lives across the call; thread 0 is the calling thread.
        let result = unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &raw const attributes, 0) };
        if result == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The running kernel's (major, minor) version.
    fn kernel() -> (u32, u32) {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        let mut numbers = release
            .split(|c: char| !c.is_ascii_digit())
            .map(|n| n.parse().unwrap_or(0));
        (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
    }

    /// The slice the kernel shows for the calling thread.
    fn shown_slice() -> Option<u64> {
        let sched = std::fs::read_to_string("/proc/thread-self/sched").ok()?;
        sched
            .lines()
            .find(|line| line.starts_with("se.slice"))
            .and_then(|line| line.split(':').nth(1))
            .and_then(|value| value.trim().parse().ok())
    }

    #[test]
    fn an_ordinary_thread_gets_the_short_slice_and_keeps_its_policy_and_nice_value() {
        std::thread::spawn(|| {
            let before = linux::attributes().unwrap();
            let answer = ask_for_audio_slice().unwrap();
            let after = linux::attributes().unwrap();
            assert_eq!(after.sched_policy, before.sched_policy);
            assert_eq!(after.sched_nice, before.sched_nice);
            if kernel() >= (6, 12) {
                assert_eq!(answer, Slice::Granted);
                assert_eq!(u128::from(after.sched_runtime), AUDIO_SLICE.as_nanos());
                // What the scheduler itself shows, where it shows it.
                if let Some(slice) = shown_slice() {
                    assert_eq!(u128::from(slice), AUDIO_SLICE.as_nanos());
                }
            } else {
                assert_eq!(answer, Slice::Ignored);
            }
        })
        .join()
        .unwrap();
    }
}
