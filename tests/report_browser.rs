//! The HTML report in a real browser: headless Chromium renders it to a PNG and
//! reports no console errors. Ignored by default (it needs Chromium); `.ci/run`
//! installs Chromium and runs it with `--ignored`, and it fails, never skips,
//! when the browser is missing.

mod common;

use std::process::Command;

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs this with --ignored"]
fn html_report_renders_in_chromium_without_console_errors() {
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let chromium = chromium.expect(
        "Chromium is not installed: install the Debian package `chromium`, or run .ci/run (it installs it)",
    );
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let png = dir.path().join("report.png");
    let status = Command::new(env!("CARGO_BIN_EXE_interviewer"))
        .args(["report", "--format", "html", "-o"])
        .arg(&html)
        .arg(common::golden("average"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1100,1600",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    let bytes = std::fs::read(&png)
        .unwrap_or_else(|e| panic!("no screenshot ({e}); chromium said:\n{log}"));
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "a blank page is tiny: {} bytes",
        bytes.len()
    );
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors: {console_errors:#?}"
    );
}
