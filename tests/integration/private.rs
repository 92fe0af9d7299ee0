//! The data folder is private: the real binary creates it `0700` and every file in it `0600`, and
//! tightens a folder an older version left readable to others.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use stretchy::storage::paths::{CACHE_FILE, LOG_FILE};

use crate::util::{Sandbox, fixture};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn set(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A session and a look at the history leave a folder only its owner can enter, holding files
/// only its owner can read, whatever the umask would have allowed.
#[test]
fn the_real_binary_creates_a_private_data_folder() {
    let sandbox = Sandbox::new();
    let data = sandbox.data().join("nested/stretchy");
    let tiny = fixture("valid/tiny.json");
    let data_arg = data.to_str().expect("utf-8");
    sandbox
        .cmd(&[
            "--data-dir",
            data_arg,
            "run",
            tiny.to_str().expect("utf-8"),
            "--speed",
            "60",
        ])
        .assert()
        .success();
    sandbox
        .cmd(&["--data-dir", data_arg, "stats"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&sandbox.data().join("nested")), 0o700);
    for name in [LOG_FILE, CACHE_FILE] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
    for entry in std::fs::read_dir(&data).expect("list") {
        let path = entry.expect("entry").path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

/// A data folder left `0755` with `0644` files by an older version is made private by the next
/// command that runs, silently; other people's files in a shared folder are left alone.
#[test]
fn an_existing_loose_data_folder_is_tightened_at_start() {
    let sandbox = Sandbox::new();
    let data = sandbox.data();
    std::fs::create_dir_all(&data).expect("data dir");
    for name in [LOG_FILE, CACHE_FILE, "stderr.log"] {
        std::fs::write(data.join(name), "").expect("write");
        set(&data.join(name), 0o644);
    }
    set(&data, 0o755);
    sandbox.cmd(&["list"]).assert().success().stderr("");
    assert_eq!(mode(&data), 0o700);
    for name in [LOG_FILE, CACHE_FILE, "stderr.log"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }

    // Pointed at a folder that holds other things too: only stretchy's own files change.
    std::fs::write(data.join("notes.txt"), "mine").expect("write");
    set(&data.join("notes.txt"), 0o644);
    set(&data, 0o755);
    set(&data.join(LOG_FILE), 0o644);
    sandbox.cmd(&["list"]).assert().success().stderr("");
    assert_eq!(mode(&data), 0o755);
    assert_eq!(mode(&data.join("notes.txt")), 0o644);
    assert_eq!(mode(&data.join(LOG_FILE)), 0o600);
}
