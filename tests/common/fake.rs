//! A fake OpenAI-compatible server on 127.0.0.1 (port 0) that writes exactly the
//! bytes a test scripts: status and headers, body pieces as separate HTTP chunks,
//! pauses, and an abrupt close.
//!
//! Requests are routed by method and path, as a real server routes them: each
//! route answers with its scripted responses in order and then keeps repeating
//! the last one, so a new discovery request elsewhere cannot shift the replies an
//! interview test expects. A request no route knows gets a 404 like Ollama's.
//! Connections are kept alive between requests (as Ollama and llama-server do)
//! unless a response closes them; [`Fake::idle_close`] makes the server close a
//! connection that sat idle, as llama-server does after five seconds. Every
//! request is recorded so tests can prove what was asked and that nothing was
//! sent twice.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum Step {
    /// Status line and headers; the body is sent chunked.
    Head(u16, Vec<(String, String)>),
    /// One HTTP chunk of body bytes.
    Chunk(Vec<u8>),
    Sleep(Duration),
    /// The terminating zero-length chunk.
    End,
    /// Close the connection right here.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Which connection (counted from 0) carried it.
    pub connection: usize,
}

struct Route {
    method: &'static str,
    path: String,
    responses: VecDeque<Vec<Step>>,
}

/// A server being set up: its routes and connection behaviour.
pub struct Fake {
    routes: Vec<Route>,
    idle_close: Option<Duration>,
}

pub struct FakeServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    closed: Arc<std::sync::atomic::AtomicUsize>,
    paused: Arc<std::sync::atomic::AtomicUsize>,
}

impl Fake {
    pub fn new() -> Fake {
        Fake {
            routes: Vec::new(),
            idle_close: None,
        }
    }

    /// Answers `method path` with `responses` in order, then the last one again.
    pub fn route(mut self, method: &'static str, path: &str, responses: Vec<Vec<Step>>) -> Fake {
        assert!(!responses.is_empty(), "a route needs a response");
        self.routes.push(Route {
            method,
            path: path.to_string(),
            responses: responses.into(),
        });
        self
    }

    pub fn get(self, path: &str, response: Vec<Step>) -> Fake {
        self.route("GET", path, vec![response])
    }

    /// `POST /v1/chat/completions`, answered with `replies` in order.
    pub fn chat(self, replies: Vec<Vec<Step>>) -> Fake {
        self.route("POST", "/v1/chat/completions", replies)
    }

    /// `GET /v1/models` listing `ids`.
    pub fn models(self, ids: &[&str]) -> Fake {
        self.get("/v1/models", models(ids))
    }

    /// Closes a kept-alive connection after it has been idle this long.
    pub fn idle_close(mut self, after: Duration) -> Fake {
        self.idle_close = Some(after);
        self
    }

    pub fn start(self) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let routes = Arc::new(Mutex::new(self.routes));
        let idle = self.idle_close;
        let closed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let closing = Arc::clone(&closed);
        let paused = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let pausing = Arc::clone(&paused);
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { return };
                let routes = Arc::clone(&routes);
                let seen = Arc::clone(&seen);
                let closing = Arc::clone(&closing);
                let pausing = Arc::clone(&pausing);
                std::thread::spawn(move || {
                    serve(stream, n, &routes, &seen, idle, &pausing);
                    closing.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                });
            }
        });
        FakeServer {
            base_url: format!("http://127.0.0.1:{port}/v1"),
            requests,
            closed,
            paused,
        }
    }
}

impl Default for Fake {
    fn default() -> Self {
        Fake::new()
    }
}

impl FakeServer {
    /// A server whose chat endpoint answers with `replies` in order.
    pub fn chat(replies: Vec<Vec<Step>>) -> FakeServer {
        Fake::new().chat(replies).start()
    }

    /// How many connections the server has closed (or seen closed).
    pub fn closed(&self) -> usize {
        self.closed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// How many `Step::Sleep` pauses the server has reached: everything
    /// before a pause is written, so a reply is mid-stream.
    pub fn pauses_reached(&self) -> usize {
        self.paused.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// The paths asked, in order.
    pub fn paths(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.path.clone())
            .collect()
    }

    /// The requests to one path, in order.
    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

/// Serves one connection: request after request until a response closes it,
/// the client leaves, or it sits idle past `idle`.
fn serve(
    mut stream: TcpStream,
    connection: usize,
    routes: &Mutex<Vec<Route>>,
    seen: &Mutex<Vec<Request>>,
    idle: Option<Duration>,
    paused: &std::sync::atomic::AtomicUsize,
) {
    loop {
        let _ = stream.set_read_timeout(idle);
        let Some(mut req) = read_request(&mut stream) else {
            break;
        };
        req.connection = connection;
        let path_only = req.path.split('?').next().unwrap_or_default().to_string();
        let script = {
            let mut routes = routes.lock().unwrap();
            match routes
                .iter_mut()
                .find(|r| r.method == req.method && r.path == path_only)
            {
                Some(r) if r.responses.len() > 1 => r.responses.pop_front(),
                Some(r) => r.responses.front().cloned(),
                None => None,
            }
        }
        .unwrap_or_else(not_found);
        seen.lock().unwrap().push(req);
        let mut open = true;
        for step in script {
            let ok = match step {
                Step::Head(status, headers) => {
                    let mut head = format!(
                        "HTTP/1.1 {status} {}\r\nTransfer-Encoding: chunked\r\n",
                        reason(status)
                    );
                    for (k, v) in headers {
                        head.push_str(&format!("{k}: {v}\r\n"));
                    }
                    head.push_str("\r\n");
                    stream.write_all(head.as_bytes())
                }
                Step::Chunk(bytes) => {
                    let mut c = format!("{:x}\r\n", bytes.len()).into_bytes();
                    c.extend(bytes);
                    c.extend(b"\r\n");
                    stream.write_all(&c)
                }
                Step::Sleep(d) => {
                    paused.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(d);
                    Ok(())
                }
                Step::End => stream.write_all(b"0\r\n\r\n"),
                Step::Drop => {
                    open = false;
                    break;
                }
            };
            if ok.is_err() {
                open = false;
                break;
            }
            let _ = stream.flush();
        }
        if !open {
            break;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
        connection: 0,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Ollama's answer to a path it does not serve.
pub fn not_found() -> Vec<Step> {
    vec![
        Step::Head(404, vec![("Content-Type".into(), "text/plain".into())]),
        Step::Chunk(b"404 page not found".to_vec()),
        Step::End,
    ]
}

/// `data: <json>\n\n` as bytes.
pub fn data(json: &str) -> Vec<u8> {
    format!("data: {json}\n\n").into_bytes()
}

/// The headers every dialect sends with a stream.
pub fn sse_head() -> Step {
    Step::Head(
        200,
        vec![("Content-Type".into(), "text/event-stream".into())],
    )
}

/// A JSON response with status 200.
pub fn json_ok(body: &str) -> Vec<Step> {
    vec![
        Step::Head(
            200,
            vec![("Content-Type".into(), "application/json".into())],
        ),
        Step::Chunk(body.as_bytes().to_vec()),
        Step::End,
    ]
}

/// `GET /v1/models` as Ollama answers it.
pub fn models(ids: &[&str]) -> Vec<Step> {
    let data: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":"{id}","object":"model","created":1,"owned_by":"library"}}"#))
        .collect();
    json_ok(&format!(
        r#"{{"object":"list","data":[{}]}}"#,
        data.join(",")
    ))
}

/// A JSON error response.
pub fn json_error(status: u16, body: &str, extra: &[(&str, &str)]) -> Vec<Step> {
    let mut headers: Vec<(String, String)> =
        vec![("Content-Type".into(), "application/json".into())];
    headers.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
    );
    vec![
        Step::Head(status, headers),
        Step::Chunk(body.as_bytes().to_vec()),
        Step::End,
    ]
}

/// A whole reply in Ollama's current dialect (role only on the first chunk,
/// a separate finish chunk, a usage chunk, `[DONE]`), one chunk per piece.
pub fn ollama_reply(pieces: &[&str]) -> Vec<Step> {
    let mut steps = vec![sse_head()];
    for (i, p) in pieces.iter().enumerate() {
        let delta = if i == 0 {
            format!(
                r#"{{"role":"assistant","content":{}}}"#,
                serde_json::to_string(p).unwrap()
            )
        } else {
            format!(r#"{{"content":{}}}"#, serde_json::to_string(p).unwrap())
        };
        steps.push(Step::Chunk(data(&format!(
            r#"{{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{{"index":0,"delta":{delta},"finish_reason":null}}]}}"#
        ))));
    }
    steps.push(Step::Chunk(data(r#"{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)));
    steps.push(Step::Chunk(data(r#"{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1,"model":"qwen3","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129}}"#)));
    steps.push(Step::Chunk(b"data: [DONE]\n\n".to_vec()));
    steps.push(Step::End);
    steps
}
