//! JDBC connection properties: credentials and driver options, with secrets that never print.

use std::collections::BTreeMap;
use std::fmt;

use dvt_core::secret::{REDACTED, Secret};

/// The properties handed to a JDBC driver alongside the URL: `user`, `password` and any other
/// key/value (`fetchsize`, `PWD`, …).
///
/// `Debug` and `Display` never show a secret; the only way to get the plain values is
/// [`JdbcProperties::to_spark_options`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JdbcProperties {
    /// The `user` property.
    pub user: Option<String>,
    /// The `password` property.
    pub password: Option<Secret>,
    /// Other properties, in name order.
    pub options: BTreeMap<String, String>,
    /// Other properties whose values are secret (`PWD`, `private_key_file_pwd`, …), in name order.
    pub secret_options: BTreeMap<String, Secret>,
}

/// Whether a property name marks a secret value.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "pwd"
        || n.contains("password")
        || n.contains("token")
        || n.contains("secret")
        || n.contains("passphrase")
        || n.starts_with("private_key")
}

impl JdbcProperties {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set a property. `user` goes to [`Self::user`], `password` to [`Self::password`]; a name
    /// that marks a secret (`*password*`, `*token*`, `*secret*`, `PWD`, `private_key*`, …) is
    /// stored as a [`Secret`], so it cannot print by mistake.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        if name == "user" {
            self.user = Some(value);
        } else if is_secret_name(&name) {
            self.insert_secret(name, Secret::new(value));
        } else {
            self.options.insert(name, value);
        }
    }

    /// Set a secret property (`password` goes to [`Self::password`]).
    pub fn insert_secret(&mut self, name: impl Into<String>, value: Secret) {
        let name = name.into();
        self.options.remove(&name);
        if name == "password" {
            self.password = Some(value);
        } else {
            self.secret_options.insert(name, value);
        }
    }

    /// Builder form of [`Self::insert`], e.g. `.with("fetchsize", "10000")`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    /// A non-secret property by name (`user` included).
    pub fn get(&self, name: &str) -> Option<&str> {
        if name == "user" {
            return self.user.as_deref();
        }
        self.options.get(name).map(String::as_str)
    }

    /// A secret property by name (`password` included).
    pub fn get_secret(&self, name: &str) -> Option<&Secret> {
        if name == "password" {
            return self.password.as_ref();
        }
        self.secret_options.get(name)
    }

    /// Every secret held (for [`dvt_core::secret::redact_all`] on driver messages).
    pub fn secrets(&self) -> Vec<&Secret> {
        self.password
            .iter()
            .chain(self.secret_options.values())
            .collect()
    }

    /// The properties as Spark JDBC options: `user`, `password`, then the others by name.
    ///
    /// **This is the one place that exposes secrets in plain text** (Spark's JDBC reader and
    /// writer take them as options). Hand the result to Spark directly; never log or format it.
    pub fn to_spark_options(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(u) = &self.user {
            out.push(("user".to_string(), u.clone()));
        }
        if let Some(p) = &self.password {
            out.push(("password".to_string(), p.expose().to_string()));
        }
        out.extend(self.options.iter().map(|(k, v)| (k.clone(), v.clone())));
        out.extend(
            self.secret_options
                .iter()
                .map(|(k, v)| (k.clone(), v.expose().to_string())),
        );
        out
    }
}

impl fmt::Display for JdbcProperties {
    /// `user=alice, password=****, fetchsize=1000`: secrets redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(u) = &self.user {
            parts.push(format!("user={u}"));
        }
        if self.password.is_some() {
            parts.push(format!("password={REDACTED}"));
        }
        parts.extend(self.options.iter().map(|(k, v)| format!("{k}={v}")));
        parts.extend(
            self.secret_options
                .keys()
                .map(|k| format!("{k}={REDACTED}")),
        );
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_routes_user_password_and_secret_names() {
        let p = JdbcProperties::new()
            .with("user", "alice")
            .with("password", "pw-1")
            .with("fetchsize", "1000")
            .with("PWD", "pw-2")
            .with("private_key_file_pwd", "pw-3");
        assert_eq!(p.get("user"), Some("alice"));
        assert_eq!(p.get("fetchsize"), Some("1000"));
        assert_eq!(p.get("PWD"), None);
        assert_eq!(p.get_secret("PWD").unwrap().expose(), "pw-2");
        assert_eq!(p.get_secret("password").unwrap().expose(), "pw-1");
        assert_eq!(p.secrets().len(), 3);
        let shown = format!("{p} {p:?}");
        for s in ["pw-1", "pw-2", "pw-3"] {
            assert!(!shown.contains(s), "{shown}");
        }
        assert_eq!(
            p.to_string(),
            "user=alice, password=****, fetchsize=1000, PWD=****, private_key_file_pwd=****"
        );
    }

    #[test]
    fn spark_options_expose_in_fixed_order() {
        let mut p = JdbcProperties::new()
            .with("fetchsize", "10")
            .with("user", "u");
        p.insert_secret("password", Secret::new("s"));
        p.insert_secret("PWD", Secret::new("t"));
        let got = p.to_spark_options();
        let want: Vec<(String, String)> = [
            ("user", "u"),
            ("password", "s"),
            ("fetchsize", "10"),
            ("PWD", "t"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
    }
}
