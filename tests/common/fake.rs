//! A fake OpenAI-compatible server on 127.0.0.1 (port 0) that writes exactly the
//! bytes a test scripts: status and headers, body pieces as separate HTTP chunks,
//! pauses, and an abrupt close. Each connection takes the next scripted response;
//! every request is recorded so tests can prove nothing was sent twice.
#![allow(dead_code)]

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
}

pub struct FakeServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
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

impl FakeServer {
    /// Serves `responses`, one per connection, in order.
    pub fn start(responses: Vec<Vec<Step>>) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for script in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let Some(req) = read_request(&mut stream) else {
                    continue;
                };
                seen.lock().unwrap().push(req);
                for step in script {
                    let ok = match step {
                        Step::Head(status, headers) => {
                            let mut head = format!(
                                "HTTP/1.1 {status} {}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n",
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
                            std::thread::sleep(d);
                            Ok(())
                        }
                        Step::End => stream.write_all(b"0\r\n\r\n"),
                        Step::Drop => break,
                    };
                    if ok.is_err() {
                        break;
                    }
                    let _ = stream.flush();
                }
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        });
        FakeServer {
            base_url: format!("http://127.0.0.1:{port}/v1"),
            requests,
        }
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
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
