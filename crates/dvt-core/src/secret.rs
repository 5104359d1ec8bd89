//! Secrets that never print.

use std::fmt;

/// A secret value (password, token, private key) whose `Debug` and `Display` are redacted.
///
/// The only way to read the value is [`Secret::expose`], which makes every place that handles the
/// plain text easy to find with a search.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

/// What a redacted secret prints as.
pub const REDACTED: &str = "****";

impl Secret {
    /// Wrap a value as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The plain value. Use only to hand it to a driver, never to format it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED)
    }
}

/// Replace every occurrence of each non-empty secret in `text` with [`REDACTED`].
///
/// Used on messages that come back from drivers and servers, which sometimes echo a connection
/// string.
pub fn redact_all<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if !s.is_empty() {
            out = out.replace(s.expose(), REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_display_and_serde_hide_the_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!serde_json::to_string(&s).unwrap().contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn redact_all_replaces_every_occurrence() {
        let s = Secret::new("pw1");
        let e = Secret::new("");
        assert_eq!(redact_all("a pw1 b pw1", [&s, &e]), "a **** b ****");
    }
}
