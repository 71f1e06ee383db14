//! The interactive path: rustyline on a real pseudo-terminal (util-linux `script`
//! supplies it), driven keystroke by keystroke the way a person types.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use interviewer::transcript::{EndReason, Role};

mod common;
use common::poll;

struct Pty {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Starts the binary under `script`, which gives it a pseudo-terminal. A
    /// machine without `script` fails the test: it is ignored by default and run
    /// on purpose (`.ci/run` installs util-linux and runs it with `--ignored`).
    fn start(home: &Path, args: &str) -> Pty {
        Pty::start_with(home, args, &[])
    }

    fn start_with(home: &Path, args: &str, env: &[(&str, &str)]) -> Pty {
        let bin = env!("CARGO_BIN_EXE_interviewer");
        Pty::run(home, &format!("{bin} {args}"), env)
    }

    /// Runs a shell command line on the pseudo-terminal.
    fn run(home: &Path, command: &str, env: &[(&str, &str)]) -> Pty {
        assert!(
            Command::new("script").arg("--version").output().is_ok(),
            "util-linux `script` is not installed, so no pseudo-terminal is available: install bsdutils (Debian) or run .ci/run"
        );
        let mut child = Command::new("script")
            .args(["-qec", command, "/dev/null"])
            .env("INTERVIEWER_HOME", home)
            .env("INTERVIEWER_BASE_URL", "http://127.0.0.1:9/v1")
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let screen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            child,
            stdin,
            screen,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits until `needle` has appeared `n` times on the screen.
    fn wait_for(&self, needle: &str, n: usize) {
        let seen = poll(|| (self.text().matches(needle).count() >= n).then_some(()));
        assert!(
            seen.is_some(),
            "never saw {needle:?} x{n}; screen:\n{}",
            self.text()
        );
    }

    /// Waits for the program to exit, killing it after 20 s so a test never hangs.
    fn finish(&mut self) -> std::process::ExitStatus {
        match poll(|| self.child.try_wait().unwrap()) {
            Some(status) => status,
            None => {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.text());
            }
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.stdin.write_all(keys.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }
}

#[test]
#[ignore = "needs util-linux script(1); .ci/run runs it with --ignored"]
fn terminal_session_handles_keys_fences_and_ctrl_d() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(home.path(), "--offline -s ad-click");
    pty.wait_for("you> ", 1);

    pty.type_keys("/time\r");
    pty.wait_for("used in this phase", 1);

    // Ctrl-C with text typed clears the line but keeps the text in history.
    pty.type_keys("half-typed thought\x03");
    pty.wait_for("press Up to get it back", 1);

    // Ctrl-C at an empty prompt only prints a hint.
    pty.type_keys("\x03");
    pty.wait_for("to leave, press Ctrl-D or type /quit", 1);

    // A fenced multi-line answer: the interviewer's next turn follows it.
    pty.type_keys("\"\"\"\rfirst line\rsecond line\r\"\"\"\r");
    pty.wait_for("interviewer: ", 2);

    // Up recalls the newest entry, the four-line fenced answer; three more Ups
    // climb its lines, and one more reaches the cleared draft. Enter sends it.
    pty.type_keys("\x1b[A");
    pty.wait_for("second line", 2);
    pty.type_keys("\x1b[A\x1b[A\x1b[A\x1b[A");
    pty.wait_for("half-typed thought", 2);
    pty.type_keys("\r");
    pty.wait_for("interviewer: ", 3);

    pty.type_keys("\x04");
    assert!(pty.finish().success());

    let dir = home.path().join("transcripts");
    let file = common::transcript_in(&dir);
    let t = interviewer::transcript::store::read(&file).unwrap();
    let answers: Vec<_> = t
        .turns()
        .filter(|x| x.role == Role::Candidate)
        .map(|x| x.text.clone())
        .collect();
    assert_eq!(answers, ["first line\nsecond line", "half-typed thought"]);
    assert_eq!(t.end_reason(), Some(EndReason::Eof));
    let history = std::fs::read_to_string(home.path().join("history")).unwrap();
    assert!(history.contains("half-typed thought"), "{history}");
}

#[test]
#[ignore = "needs util-linux script(1); .ci/run runs it with --ignored"]
fn no_history_flag_writes_no_history_file() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::start(home.path(), "--offline -s feed-ranking --no-history");
    pty.wait_for("you> ", 1);
    pty.type_keys("an answer\r");
    pty.wait_for("interviewer: ", 2);
    pty.type_keys("/quit\r");
    assert!(pty.finish().success());
    assert!(!home.path().join("history").exists());
}

#[test]
#[ignore = "needs util-linux script(1); .ci/run runs it with --ignored"]
fn terminal_colours_continues_fences_suggests_commands_edits_and_says_how_to_resume() {
    let home = tempfile::tempdir().unwrap();
    // An "editor" that writes an answer into the file it is given.
    let editor = home.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Written in the editor: events are keyed by id.\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut pty = Pty::start_with(
        home.path(),
        "--offline -s ad-click",
        &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
    );
    pty.wait_for("you> ", 1);
    let screen = pty.text();
    assert!(
        screen.contains("\u{1b}[1;36m── Scenario"),
        "the banner is coloured: {screen:?}"
    );
    assert!(screen.contains("\u{1b}[1;34minterviewer: "), "{screen:?}");
    assert!(screen.contains("\u{1b}[1;32myou> "), "{screen:?}");

    pty.type_keys("/nxt\r");
    pty.wait_for("did you mean /next?", 1);

    pty.type_keys("\"\"\"\r");
    pty.wait_for("  ... ", 1);
    pty.type_keys("line one\r\"\"\"\r");
    pty.wait_for("interviewer: ", 2);

    pty.type_keys("/edit\r");
    pty.wait_for("you (from the editor)> ", 1);
    pty.wait_for("Written in the editor: events are keyed by id.", 1);
    pty.wait_for("sent your answer from the editor: 9 words", 1);
    pty.wait_for("interviewer: ", 3);

    pty.type_keys("/quit\r");
    assert!(pty.finish().success());
    let file = common::transcript_in(&home.path().join("transcripts"));
    let t = interviewer::transcript::store::read(&file).unwrap();
    let answers: Vec<_> = t
        .turns()
        .filter(|x| x.role == Role::Candidate)
        .map(|x| x.text.clone())
        .collect();
    assert_eq!(
        answers,
        ["line one", "Written in the editor: events are keyed by id."]
    );
    assert_eq!(t.end_reason(), Some(EndReason::Quit));
    pty.wait_for(&format!("interviewer resume {}", t.header.session), 1);
}

#[test]
#[ignore = "needs util-linux script(1); .ci/run runs it with --ignored"]
fn a_slow_turn_shows_a_thinking_line_and_a_rejected_one_never_reaches_the_screen() {
    use common::fake::{Fake, Step, ollama_reply};
    let slow = |ms: u64, pieces: &[&str]| {
        let mut steps = ollama_reply(pieces);
        steps.insert(1, Step::Sleep(std::time::Duration::from_millis(ms)));
        steps
    };
    let server = Fake::new()
        .models(&["qwen3:0.6b"])
        .chat(vec![
            slow(1500, &[
                "You mentioned that \"events land in a partitioned log\". When a write to that log fails, ",
                "how is it retried and with what backoff, and what stops it landing twice?",
            ]),
            slow(800, &["Candidate: I'd give fetch 10 ms.\nWhat else streams?"]),
        ])
        .start();
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::start_with(
        home.path(),
        "-s ad-click --model qwen3:0.6b",
        &[("INTERVIEWER_BASE_URL", server.base_url.as_str())],
    );
    pty.wait_for("you> ", 1);
    pty.type_keys("events land in a partitioned log\r");
    // While the model writes, one line says so; it is erased before the turn.
    pty.wait_for("thinking", 1);
    pty.wait_for("what stops it landing twice", 1);
    pty.wait_for("\r\u{1b}[2K", 1);
    pty.type_keys("/next\r");
    pty.wait_for("here is the prepared question", 1);
    pty.wait_for("The auction gives you 50 milliseconds", 1);
    let screen = pty.text();
    assert!(
        !screen.contains("I'd give fetch"),
        "rejected text on screen: {screen}"
    );
    assert!(
        screen.contains("the interviewer's wording went wrong"),
        "{screen}"
    );
    pty.type_keys("/quit\r");
    assert!(pty.finish().success());
}

#[test]
#[ignore = "needs util-linux script(1); .ci/run runs it with --ignored"]
fn sigterm_at_the_prompt_closes_the_session_and_gives_the_terminal_back() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_interviewer");
    let before = home.path().join("before");
    let after = home.path().join("after");
    // The terminal's modes before the program and after it, on the same pty.
    let command = format!(
        "stty -g > {b}; {bin} --offline -s ad-click; stty -g > {a}",
        b = before.display(),
        a = after.display()
    );
    let mut pty = Pty::run(home.path(), &command, &[]);
    pty.wait_for("you> ", 1);
    let dir = home.path().join("transcripts");
    let pid = poll(|| {
        let out = Command::new("pgrep")
            .args(["-f", &format!("^{bin} --offline -s ad-click")])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .map(str::to_string)
    })
    .expect("the interviewer's pid");
    // Raw mode is on while the line editor waits for input.
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = pty.finish();
    assert!(status.success(), "the shell line ran on: {}", pty.text());
    let modes = |p: &Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(
        modes(&before),
        modes(&after),
        "the terminal's modes are put back"
    );
    let t = interviewer::transcript::store::read(&common::transcript_in(&dir)).unwrap();
    assert_eq!(t.end_reason(), Some(EndReason::Interrupted));
}
