//! The Spark Connect address: parsing `sc://host:port[/;params]` and checking (bounded, with a
//! retry only for connection-type failures) that something listens there before the client,
//! whose own retry policy backs off for many minutes, is let loose on it.

use std::io::ErrorKind;
use std::time::Duration;

/// Spark Connect's default port.
pub const DEFAULT_PORT: u16 = 15002;

/// Host and port of an `sc://` address, or why it is not one.
pub fn host_port(remote: &str) -> Result<(String, u16), String> {
    let rest = remote
        .strip_prefix("sc://")
        .ok_or_else(|| format!("'{remote}' is not a Spark Connect address (sc://host:port)"))?;
    let auth = rest.split(['/', ';', '?', '#']).next().unwrap_or_default();
    let (host, port) = match auth.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("'{remote}' has no valid port ('{p}')"))?,
        ),
        _ => (auth, DEFAULT_PORT),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(format!("'{remote}' has no host"));
    }
    Ok((host.to_string(), port))
}

/// Whether a failed TCP connect is worth one more try (the server may be starting).
fn retryable(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionRefused
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::TimedOut
            | ErrorKind::NotConnected
            | ErrorKind::AddrNotAvailable
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable
    )
}

/// Connect over TCP to `host:port`, `attempts` times at most (retrying only connection-type
/// failures, after `pause`), each bounded by `timeout`; the last failure as a sentence.
pub async fn probe(
    host: &str,
    port: u16,
    attempts: usize,
    timeout: Duration,
    pause: Duration,
) -> Result<(), String> {
    let mut last = String::new();
    for i in 0..attempts.max(1) {
        if i > 0 {
            tokio::time::sleep(pause).await;
        }
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect((host, port))).await {
            Ok(Ok(_)) => return Ok(()),
            Ok(Err(e)) => {
                last = e.to_string();
                if !retryable(e.kind()) {
                    break;
                }
            }
            Err(_) => last = format!("no answer within {} s", timeout.as_secs_f64()),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            host_port("sc://127.0.0.1:15003").unwrap(),
            ("127.0.0.1".into(), 15003)
        );
        assert_eq!(host_port("sc://h").unwrap(), ("h".into(), DEFAULT_PORT));
        assert_eq!(host_port("sc://h:1/;token=x").unwrap(), ("h".into(), 1));
        assert_eq!(host_port("sc://[::1]:9").unwrap(), ("::1".into(), 9));
        assert!(host_port("http://h:1").is_err());
        assert!(host_port("sc://h:x").is_err());
        assert!(host_port("sc://:1").is_err());
    }

    #[tokio::test]
    async fn a_closed_port_is_refused_after_the_retries() {
        // A port that was free a moment ago: nothing listens.
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        let t = std::time::Instant::now();
        let e = probe(
            "127.0.0.1",
            port,
            3,
            Duration::from_secs(1),
            Duration::from_millis(100),
        )
        .await
        .unwrap_err();
        assert!(e.to_lowercase().contains("refused"), "{e}");
        assert!(t.elapsed() >= Duration::from_millis(200), "retried twice");
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        probe("127.0.0.1", port, 1, Duration::from_secs(1), Duration::ZERO)
            .await
            .unwrap();
    }
}
