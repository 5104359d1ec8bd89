//! `docs/translation-coverage.md` is the catalog's coverage report as the code makes it
//! (`dvt translate --coverage`): this test fails when a catalog change was not written there.
//! `DVT_UPDATE_DOCS=1 cargo test -p dvt-translate --test translate coverage_doc` rewrites it.

use std::path::PathBuf;

#[test]
fn the_coverage_page_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/translation-coverage.md");
    let want = dvt_translate::coverage::markdown();
    if std::env::var("DVT_UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is out of date: run DVT_UPDATE_DOCS=1 cargo test -p dvt-translate --test translate coverage_doc",
        path.display()
    );
}

#[test]
fn every_entry_has_a_row_for_every_dialect() {
    let dialects = dvt_translate::dialects().count();
    for e in dvt_translate::coverage::entries() {
        assert_eq!(e.targets.len(), dialects, "{}", e.name);
        assert!(
            !e.read_from.is_empty(),
            "{} is read from no dialect",
            e.name
        );
    }
}
