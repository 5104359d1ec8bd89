//! TLS for the PostgreSQL and MySQL/MariaDB connectors: rustls with the aws-lc-rs provider (the
//! one the Snowflake client already builds; no system OpenSSL).
//!
//! How much of the server's certificate is checked ([`Verify`]):
//! * [`Verify::Nothing`] — encrypted, the certificate is not checked (PostgreSQL `prefer` and
//!   `require`, MySQL `preferred` and `required`, when no CA file is given), as libpq and the
//!   MySQL client do;
//! * [`Verify::Chain`] — the chain must lead to a CA of the CA file (`verify-ca`, `verify_ca`,
//!   and any encrypted mode given a CA file: a CA the user names is always checked, as libpq
//!   does for `require` with a root certificate);
//! * [`Verify::Full`] — the chain and the host name (or IP address) the output connects to
//!   (`verify-full`, `verify_identity`).

use std::path::Path;
use std::sync::{Arc, Once};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// How much of the server's certificate is checked (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verify {
    /// Encrypted, the certificate is not checked.
    Nothing,
    /// The chain must lead to a trusted CA; the name is not checked.
    Chain,
    /// The chain and the server's name.
    Full,
}

/// The crypto provider of every TLS connection dvt opens.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Makes aws-lc-rs the process default provider (mysql_async builds its configuration with
/// `ClientConfig::builder()`, which needs one); a provider installed before stays.
pub(crate) fn install_default_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
}

/// The certificates of a PEM file (one or more `CERTIFICATE` blocks).
pub(crate) fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the certificate file {}: {e}", path.display()))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{} is not a PEM certificate file: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            path.display()
        ));
    }
    Ok(certs)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
    PrivateKeyDer::from_pem_slice(&bytes)
        .map_err(|e| format!("{} is not a PEM private key: {e}", path.display()))
}

/// The rustls configuration of a connection: the server is checked as `verify` says against the
/// CAs of `ca` (none given: a [`Verify::Nothing`] connection needs none, the others fail), and
/// `client` (certificate, key) is presented when the server asks for one.
pub(crate) fn client_config(
    verify: Verify,
    ca: Option<&Path>,
    client: Option<(&Path, &Path)>,
) -> Result<ClientConfig, String> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let verifier: Arc<dyn ServerCertVerifier> = match (verify, ca) {
        (Verify::Nothing, _) => Arc::new(NoCheck(provider())),
        (_, None) => {
            return Err(
                "certificate verification needs the CA's certificate file (sslrootcert / ssl_ca)"
                    .into(),
            );
        }
        (v, Some(ca)) => {
            let mut roots = RootCertStore::empty();
            for c in read_certs(ca)? {
                roots.add(c).map_err(|e| format!("{}: {e}", ca.display()))?;
            }
            let web = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .map_err(|e| e.to_string())?;
            Arc::new(Checked {
                web,
                names: v == Verify::Full,
            })
        }
    };
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    match client {
        Some((cert, key)) => builder
            .with_client_auth_cert(read_certs(cert)?, read_key(key)?)
            .map_err(|e| format!("the client certificate and key do not go together: {e}")),
        None => Ok(builder.with_no_client_auth()),
    }
}

/// Checks the chain (and the name when `names`).
#[derive(Debug)]
struct Checked {
    web: Arc<WebPkiServerVerifier>,
    names: bool,
}

impl ServerCertVerifier for Checked {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.web.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            // The chain was checked first: a wrong name is all that is left.
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.names => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.web.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.web.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.web.supported_verify_schemes()
    }
}

/// Accepts any certificate (the handshake's signatures are still checked).
#[derive(Debug)]
struct NoCheck(Arc<CryptoProvider>);

impl ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A sentence for what rustls says about a certificate it refused (appended to the driver's
/// message), or nothing.
pub(crate) fn hint(message: &str, ca: Option<&Path>) -> String {
    let ca = ca.map_or_else(|| "the CA file".to_string(), |p| p.display().to_string());
    if message.contains("UnknownIssuer") {
        format!("; the server's certificate was not issued by a CA of {ca}")
    } else if message.contains("not valid for name") || message.contains("NotValidForName") {
        "; the server's certificate is not issued for the host name the output connects to".into()
    } else if message.contains("Expired") {
        "; the server's certificate has expired".into()
    } else {
        String::new()
    }
}
