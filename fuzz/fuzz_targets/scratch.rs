//! A scratch folder per fuzzing process, shared by the targets that need real files.

use std::fs;
use std::path::{Path, PathBuf};

/// A new, empty folder of this process's own, in memory when the system has one; removed when
/// the run ends. A crash leaves its folder behind: the next process removes those of processes
/// that are gone.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `prefix` names the target, so targets running at once keep apart.
    pub fn new(prefix: &str) -> Scratch {
        static SWEPT: std::sync::Once = std::sync::Once::new();
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        SWEPT.call_once(|| sweep(&base, prefix));
        let dir = base.join(format!("{prefix}{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Removes the folders of processes that are gone (Linux: no `/proc/<pid>`).
fn sweep(base: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in fs::read_dir(base).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|n| n.strip_prefix(prefix));
        if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
