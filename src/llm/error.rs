//! Server errors in every shape the OpenAI-compatible servers send — nested
//! (`{"error":{"message":…}}`), flat (`{"error":"…"}`, `{"message":…}`,
//! FastAPI's `{"detail":…}`), plain text and HTML pages from proxies — decoded
//! into one type. Pure.

/// An error a server reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// HTTP status, when the error came with one.
    pub status: Option<u16>,
    /// The server's own words, cleaned up for one line of terminal output.
    pub message: String,
    /// The error's type or code, when the server named one.
    pub kind: Option<String>,
}

fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(max).collect();
    if flat.chars().count() > max {
        out.push('…');
    }
    out
}

/// The readable text of an HTML page: its `<title>`, else its text without tags.
fn html_text(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>")) {
        if a + 7 <= b {
            return body[a + 7..b].trim().to_string();
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

impl ServerError {
    /// Decodes an HTTP error response body.
    pub fn from_body(status: u16, body: &str) -> ServerError {
        let trimmed = body.trim();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed) {
            if let Some(e) = v.get("error") {
                return ServerError::from_json_error(Some(status), e);
            }
            for key in ["message", "detail", "msg"] {
                if let Some(m) = v.get(key) {
                    let text = m.as_str().map_or_else(|| m.to_string(), str::to_string);
                    return ServerError {
                        status: Some(status),
                        message: one_line(&text, 300),
                        kind: None,
                    };
                }
            }
        }
        let text = if trimmed.starts_with('<') {
            html_text(trimmed)
        } else {
            trimmed.to_string()
        };
        let message = one_line(&text, 300);
        ServerError {
            status: Some(status),
            message: if message.is_empty() {
                format!("HTTP {status} with an empty body")
            } else {
                message
            },
            kind: None,
        }
    }

    /// Decodes the value of an `"error"` key: an object or a plain string.
    pub fn from_json_error(status: Option<u16>, e: &serde_json::Value) -> ServerError {
        if let Some(s) = e.as_str() {
            return ServerError {
                status,
                message: one_line(s, 300),
                kind: None,
            };
        }
        let message = e
            .get("message")
            .and_then(|m| m.as_str())
            .map_or_else(|| e.to_string(), str::to_string);
        let kind = ["type", "code"].iter().find_map(|k| match e.get(*k) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
        let code = e
            .get("code")
            .and_then(serde_json::Value::as_u64)
            .and_then(|c| u16::try_from(c).ok());
        ServerError {
            status: status.or(code.filter(|c| (400..600).contains(c))),
            message: one_line(&message, 300),
            kind,
        }
    }
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(s) => write!(f, "HTTP {s}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_openai_and_vllm_shape() {
        let e = ServerError::from_body(
            404,
            r#"{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}}"#,
        );
        assert_eq!(e.message, "The model `x` does not exist.");
        assert_eq!(e.kind.as_deref(), Some("NotFoundError"));
        assert_eq!(e.to_string(), "HTTP 404: The model `x` does not exist.");
    }

    #[test]
    fn llama_cpp_shape_with_integer_code() {
        let e = ServerError::from_body(
            503,
            r#"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#,
        );
        assert_eq!((e.status, e.message.as_str()), (Some(503), "Loading model"));
    }

    #[test]
    fn flat_string_error_and_fastapi_detail() {
        assert_eq!(
            ServerError::from_body(404, r#"{"error":"model 'llama9' not found"}"#).message,
            "model 'llama9' not found"
        );
        assert_eq!(
            ServerError::from_body(422, r#"{"detail":"Not Found"}"#).message,
            "Not Found"
        );
    }

    #[test]
    fn plain_text_and_html_bodies() {
        assert_eq!(
            ServerError::from_body(502, "upstream connect error\n").message,
            "upstream connect error"
        );
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
        assert_eq!(ServerError::from_body(502, html).message, "502 Bad Gateway");
        assert_eq!(
            ServerError::from_body(
                500,
                "<html><body><p>Internal <b>Server</b> Error</p></body></html>"
            )
            .message,
            "Internal Server Error"
        );
        assert_eq!(
            ServerError::from_body(500, "").message,
            "HTTP 500 with an empty body"
        );
    }

    #[test]
    fn long_messages_are_cut_to_one_line() {
        let e = ServerError::from_body(500, &"word ".repeat(200));
        assert!(e.message.ends_with('…') && !e.message.contains('\n'));
    }
}
