//! The terminal's waiting indicator: while the interviewer prepares a turn
//! (which is judged whole before it is shown), one line on stderr says so —
//! `interviewer: thinking ⠹ 1.4 s`, then `writing` once text arrives — and is
//! erased when the turn is ready. It appears [`SHOW_AFTER`] after the answer,
//! so an instant turn (the scripted interviewer) never flickers.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::session::Waiting;
use crate::style::{Mark, Style};

/// How long after the answer the indicator appears: under the 100 ms at which
/// a pause starts to feel like a hang.
pub const SHOW_AFTER: Duration = Duration::from_millis(50);

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// A spinner line on stderr, drawn by a thread of its own.
#[derive(Debug)]
pub struct Spinner {
    label: String,
    chars: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    /// `label` is what starts the line (the interviewer's name, styled).
    pub fn new(label: &str, style: Style) -> Spinner {
        Spinner {
            label: style.mark(Mark::Interviewer, label),
            chars: Arc::new(AtomicUsize::new(0)),
            done: Arc::new(AtomicBool::new(false)),
            thread: None,
        }
    }
}

impl Waiting for Spinner {
    fn start(&mut self) {
        self.stop();
        self.chars.store(0, Ordering::SeqCst);
        self.done.store(false, Ordering::SeqCst);
        let (label, chars, done) = (
            self.label.clone(),
            Arc::clone(&self.chars),
            Arc::clone(&self.done),
        );
        self.thread = Some(std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            let mut frame = 0;
            nap(SHOW_AFTER, &done);
            while !done.load(Ordering::SeqCst) {
                let doing = match chars.load(Ordering::SeqCst) {
                    0 => "thinking".to_string(),
                    n => format!("writing ({n} characters)"),
                };
                let line = format!(
                    "\r\x1b[2K{label}{doing} {} {:.1} s",
                    FRAMES[frame % FRAMES.len()],
                    started.elapsed().as_secs_f64()
                );
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(line.as_bytes()).and_then(|()| err.flush());
                shown = true;
                frame += 1;
                drop(err);
                nap(TICK, &done);
            }
            if shown {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(b"\r\x1b[2K").and_then(|()| err.flush());
            }
        }));
    }

    fn progress(&mut self, chars: usize) {
        self.chars.store(chars, Ordering::SeqCst);
    }

    fn stop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Sleeps for `d`, in short steps so that stopping is prompt.
fn nap(d: Duration, done: &AtomicBool) {
    let until = Instant::now() + d;
    while Instant::now() < until && !done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop();
    }
}
