//! Rendering a [`JdbcSpec`] row for one output: the URL (never with a secret), the driver class
//! and the connection properties.

use std::fmt;

use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;

use crate::error::{JdbcError, Result};
use crate::properties::JdbcProperties;
use crate::spec::{Cond, JarSpec, JdbcSpec, Key, ParamStyle, Source};

/// Everything Spark's JDBC reader or writer needs to reach one output.
///
/// `Debug` and `Display` never show a password or token: the URL carries none (credentials are
/// [`JdbcProperties`]), and the properties redact theirs.
#[derive(Debug, Clone, PartialEq)]
pub struct JdbcTarget {
    /// The output (connection) name.
    pub output: String,
    /// Its adapter.
    pub adapter: DbKind,
    /// The JDBC URL. Never contains a secret, so it may be logged.
    pub url: String,
    /// The driver class Spark must load.
    pub driver_class: &'static str,
    /// Credentials and other driver properties.
    pub properties: JdbcProperties,
    /// The driver jar this URL and class belong to.
    pub jar: &'static JarSpec,
}

impl JdbcTarget {
    /// Spark JDBC options: `url`, `driver`, then [`JdbcProperties::to_spark_options`].
    ///
    /// **Exposes secrets in plain text** (through [`JdbcProperties::to_spark_options`], the one
    /// place that does); hand the result to Spark directly, never log or format it.
    pub fn to_spark_options(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("url".to_string(), self.url.clone()),
            ("driver".to_string(), self.driver_class.to_string()),
        ];
        out.extend(self.properties.to_spark_options());
        out
    }

    /// Every secret of the target (for [`dvt_core::secret::redact_all`] on driver messages).
    pub fn secrets(&self) -> Vec<&Secret> {
        self.properties.secrets()
    }
}

impl fmt::Display for JdbcTarget {
    /// `output 'pg' (postgres): jdbc:postgresql://… [driver org.postgresql.Driver; user=…, password=****]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "output '{}' ({}): {} [driver {}",
            self.output, self.adapter, self.url, self.driver_class
        )?;
        let props = self.properties.to_string();
        if !props.is_empty() {
            write!(f, "; {props}")?;
        }
        f.write_str("]")
    }
}

/// The JDBC target of an output, using the adapter's primary [`JdbcSpec`] row.
///
/// For `mysql` this is MySQL Connector/J; use
/// [`JarLocator::resolve`](crate::JarLocator::resolve) to fall back to the MariaDB driver when
/// only that jar is installed.
///
/// Errors: [`JdbcError::MissingKey`] (DVT400) when a key the row requires is not set,
/// [`JdbcError::InvalidValue`] (DVT401) when a value cannot go into a URL.
pub fn jdbc_target(conn: &Connection) -> Result<JdbcTarget> {
    JdbcSpec::for_adapter(conn.adapter).target(conn)
}

impl JdbcSpec {
    /// Render this row for `conn` (see [`jdbc_target`]).
    pub fn target(&'static self, conn: &Connection) -> Result<JdbcTarget> {
        let r = Renderer { spec: self, conn };
        for req in self.required {
            if !req.any_of.iter().any(|k| r.has(*k)) {
                return Err(JdbcError::MissingKey {
                    output: conn.name.clone(),
                    adapter: conn.adapter,
                    key: req.yaml_key,
                    example: req.example,
                });
            }
        }
        let form = self
            .urls
            .iter()
            .find(|u| r.holds(u.when))
            .expect("every JDBC row has an unconditional URL form");
        let mut url = r.template(form.template)?;
        let mut first = true;
        for prm in self.params {
            if !r.holds(prm.when) {
                continue;
            }
            let Some(v) = r.source(prm.value)? else {
                continue;
            };
            match self.param_style {
                ParamStyle::Query => {
                    url.push(if first { '?' } else { '&' });
                    url.push_str(prm.name);
                    url.push('=');
                    url.push_str(&percent_encode(&v));
                }
                ParamStyle::Semicolon => {
                    url.push(';');
                    url.push_str(prm.name);
                    url.push('=');
                    url.push_str(&brace_quote(&v));
                }
            }
            first = false;
        }
        let mut properties = JdbcProperties::new();
        for prop in self.properties {
            if prop.value.is_secret() {
                if let Some(s) = r.secret(prop.value) {
                    properties.insert_secret(prop.name, s.clone());
                }
            } else if let Some(v) = r.source(prop.value)? {
                properties.insert(prop.name, v);
            }
        }
        Ok(JdbcTarget {
            output: conn.name.clone(),
            adapter: conn.adapter,
            url,
            driver_class: self.driver_class,
            properties,
            jar: &self.jar,
        })
    }
}

struct Renderer<'a> {
    spec: &'static JdbcSpec,
    conn: &'a Connection,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| !v.trim().is_empty())
}

impl Renderer<'_> {
    fn has(&self, key: Key) -> bool {
        match key {
            Key::Password => self.conn.password.as_ref().is_some_and(|s| !s.is_empty()),
            Key::Token => self.conn.token.as_ref().is_some_and(|s| !s.is_empty()),
            Key::Port => self.conn.port.or(self.spec.default_port).is_some(),
            Key::Path => self.conn.path.is_some(),
            k => self.plain(k).is_some(),
        }
    }

    /// A non-secret text field, trimmed of nothing, empty treated as absent.
    fn plain(&self, key: Key) -> Option<&str> {
        let c = self.conn;
        match key {
            Key::Host => non_empty(&c.host),
            Key::User => non_empty(&c.user),
            Key::Database => non_empty(&c.database),
            Key::Schema => non_empty(&c.schema),
            Key::Account => non_empty(&c.account),
            Key::Warehouse => non_empty(&c.warehouse),
            Key::Role => non_empty(&c.role),
            Key::Protocol => non_empty(&c.protocol),
            Key::HttpPath => non_empty(&c.http_path),
            Key::Project => non_empty(&c.project),
            Key::Port | Key::Path | Key::Password | Key::Token => None,
        }
    }

    fn holds(&self, cond: Cond) -> bool {
        match cond {
            Cond::Always => true,
            Cond::Has(k) => self.has(k),
            Cond::Eq(k, v) => self.plain(k).is_some_and(|x| x.eq_ignore_ascii_case(v)),
            Cond::ExtraEq(k, v) => self
                .conn
                .extra
                .get(k)
                .is_some_and(|x| x.eq_ignore_ascii_case(v)),
            Cond::ExtraIn(k, values) => self.conn.extra.get(k).is_some_and(|x| {
                let x = x.trim().replace('-', "_");
                values
                    .iter()
                    .any(|v| x.eq_ignore_ascii_case(&v.replace('-', "_")))
            }),
            Cond::ExtraAbsent(k) => !self.conn.extra.contains_key(k),
            Cond::All(conds) => conds.iter().all(|c| self.holds(*c)),
        }
    }

    fn invalid(&self, key: Key, message: impl Into<String>) -> JdbcError {
        JdbcError::InvalidValue {
            output: self.conn.name.clone(),
            adapter: self.conn.adapter,
            key: self.yaml_name(key),
            message: message.into(),
        }
    }

    /// The profiles.yml spelling of a key for this row (from its `required` list when there).
    fn yaml_name(&self, key: Key) -> &'static str {
        self.spec
            .required
            .iter()
            .find(|r| r.any_of.first() == Some(&key))
            .map(|r| r.yaml_key)
            .unwrap_or(key.name())
    }

    /// The validated, unencoded value of a non-secret field.
    fn field(&self, key: Key) -> Result<Option<String>> {
        debug_assert!(!key.is_secret(), "secrets never go into a URL");
        match key {
            Key::Password | Key::Token => Ok(None),
            Key::Port => Ok(self
                .conn
                .port
                .or(self.spec.default_port)
                .map(|p| p.to_string())),
            Key::Path => {
                let Some(p) = &self.conn.path else {
                    return Ok(None);
                };
                let s = p.to_str().ok_or_else(|| {
                    self.invalid(key, "the file path is not valid UTF-8; rename the file")
                })?;
                if s == ":memory:" {
                    return Ok(Some(s.to_string()));
                }
                if !p.is_absolute() {
                    return Err(self.invalid(
                        key,
                        format!("the file path {s} is not absolute; give the full path"),
                    ));
                }
                if s.contains(['?', ';']) {
                    return Err(self.invalid(
                        key,
                        format!("the file path {s} contains '?' or ';', which JDBC drivers read as parameters; rename the file"),
                    ));
                }
                Ok(Some(s.to_string()))
            }
            Key::Host => match self.plain(key) {
                None => Ok(None),
                Some(h) => {
                    let h = h.trim();
                    if h.contains(|c: char| c.is_whitespace() || "/?#@;\\".contains(c)) {
                        return Err(self.invalid(
                            key,
                            format!("the host '{h}' contains a space or one of / ? # @ ; \\; give just the host name or IP address"),
                        ));
                    }
                    Ok(Some(h.to_string()))
                }
            },
            k => Ok(self.plain(k).map(str::to_string)),
        }
    }

    /// A non-secret value source.
    fn source(&self, src: Source) -> Result<Option<String>> {
        Ok(match src {
            Source::Lit(v) => Some(v.to_string()),
            Source::Field(k) if k.is_secret() => None,
            Source::Field(k) => self.field(k)?,
            Source::Extra(k) => self.conn.extra.get(k).cloned(),
            Source::ExtraOr(k, d) => Some(self.conn.extra.get(k).cloned().unwrap_or(d.into())),
            Source::ExtraSecret(_) => None,
        })
    }

    /// A secret value source.
    fn secret(&self, src: Source) -> Option<&Secret> {
        let s = match src {
            Source::Field(Key::Password) => self.conn.password.as_ref(),
            Source::Field(Key::Token) => self.conn.token.as_ref(),
            Source::ExtraSecret(k) => self.conn.extra_secrets.get(k),
            _ => None,
        };
        s.filter(|s| !s.is_empty())
    }

    /// Render a template: placeholders filled and encoded, `[…]` parts dropped when a
    /// placeholder in them has no value.
    fn template(&self, t: &str) -> Result<String> {
        let mut out = String::new();
        let mut group: Option<(String, bool)> = None; // (text, complete)
        let mut rest = t;
        while let Some(c) = rest.chars().next() {
            match c {
                '[' => {
                    group = Some((String::new(), true));
                    rest = &rest[1..];
                }
                ']' => {
                    if let Some((text, complete)) = group.take()
                        && complete
                    {
                        out.push_str(&text);
                    }
                    rest = &rest[1..];
                }
                '{' => {
                    let end = rest.find('}').expect("placeholder is closed");
                    let key = Key::from_name(&rest[1..end]).expect("known placeholder");
                    rest = &rest[end + 1..];
                    let value = self.field(key)?.map(|v| encode_in_template(key, &v));
                    match (&mut group, value) {
                        (Some((text, _)), Some(v)) => text.push_str(&v),
                        (Some((_, complete)), None) => *complete = false,
                        (None, Some(v)) => out.push_str(&v),
                        (None, None) => {
                            return Err(JdbcError::MissingKey {
                                output: self.conn.name.clone(),
                                adapter: self.conn.adapter,
                                key: self.yaml_name(key),
                                example: "…",
                            });
                        }
                    }
                }
                _ => {
                    let len = c.len_utf8();
                    match &mut group {
                        Some((text, _)) => text.push_str(&rest[..len]),
                        None => out.push_str(&rest[..len]),
                    }
                    rest = &rest[len..];
                }
            }
        }
        Ok(out)
    }
}

/// Host, port and file paths go in as they are (validated); everything else is percent-encoded.
fn encode_in_template(key: Key, v: &str) -> String {
    match key {
        Key::Host | Key::Port | Key::Path => v.to_string(),
        _ => percent_encode(v),
    }
}

/// Percent-encode every byte except the URL's unreserved characters `A-Z a-z 0-9 - . _ ~`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `;key=value` value as SQL Server and the Simba drivers read it: wrapped in braces with `}`
/// doubled when it contains `;`, `=`, `{` or `}`; otherwise as it is.
pub fn brace_quote(s: &str) -> String {
    if s.contains([';', '=', '{', '}']) {
        format!("{{{}}}", s.replace('}', "}}"))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_unreserved_only() {
        assert_eq!(percent_encode("my db"), "my%20db");
        assert_eq!(percent_encode("a/b?c&d=e#f"), "a%2Fb%3Fc%26d%3De%23f");
        assert_eq!(percent_encode("Ünï-._~"), "%C3%9Cn%C3%AF-._~");
    }

    #[test]
    fn brace_quote_only_when_needed() {
        assert_eq!(brace_quote("plain db"), "plain db");
        assert_eq!(brace_quote("a;b"), "{a;b}");
        assert_eq!(brace_quote("x}y=z"), "{x}}y=z}");
    }
}
