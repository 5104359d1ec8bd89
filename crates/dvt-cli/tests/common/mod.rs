//! Helpers shared by the `dvt` binary's tests that write a project on disk.

use std::path::Path;

/// A computes.yml whose default is the embedded engine.
pub const EMBEDDED_COMPUTES: &str =
    "default:\n  target: local\n  computes:\n    local: {type: embedded}\n";

/// Write `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}
