//! Private deployments: a target whose certificate a private CA signed (made here with rcgen,
//! served with tokio-rustls on 127.0.0.1) fails clearly until `--ca-cert` trusts the CA; and
//! `--proxy` carries requests for a target not on this machine.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{exemplar_async, page};

/// A CA (its PEM) and a TLS acceptor whose certificate for 127.0.0.1 that CA signed.
fn private_ca() -> (String, TlsAcceptor) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "exemplar test CA");
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let params =
        CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let cert = params.signed_by(&key, &ca).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    (ca.pem(), TlsAcceptor::from(Arc::new(config)))
}

/// Serves HTTPS on 127.0.0.1: every request gets `204 No Content`. Returns the port.
async fn serve(acceptor: TlsAcceptor) -> u16 {
    serve_metadata(acceptor, None).await
}

/// Like [`serve`], answering a request for a `$metadata` URL with `csdl` when given.
async fn serve_metadata(acceptor: TlsAcceptor, csdl: Option<String>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, csdl) = (acceptor.clone(), csdl.clone());
            tokio::spawn(async move {
                // A handshake the client refuses ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let line = request.split(|&b| b == b'\r').next().unwrap_or_default();
                let answer = match &csdl {
                    Some(csdl) if String::from_utf8_lossy(line).contains("$metadata") => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{csdl}",
                        csdl.len()
                    ),
                    _ => "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_owned(),
                };
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

/// Runs `args` in `dir` with `--ca-cert file` added.
async fn with_ca_cert(dir: &std::path::Path, args: &[&str], file: &str) -> std::process::Output {
    exemplar_async(dir, &[args, &["--ca-cert", file]].concat(), &[]).await
}

/// A folder with `me.md`: one `GET /v1.0/me` answered `204 No Content`.
fn me_page() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let doc = page(
        "GET https://graph.microsoft.com/v1.0/me",
        "",
        "HTTP/1.1 204 No Content",
    );
    std::fs::write(dir.path().join("me.md"), doc).unwrap();
    dir
}

#[tokio::test]
async fn a_private_ca_is_refused_clearly_until_ca_cert_trusts_it() {
    let (ca_pem, acceptor) = private_ca();
    let port = serve(acceptor).await;
    let dir = me_page();
    std::fs::write(dir.path().join("ca.pem"), ca_pem).unwrap();
    let target = format!("https://127.0.0.1:{port}");
    let base = ["run", ".", "--target", target.as_str(), "--retries", "0"];
    let refused = exemplar_async(dir.path(), &base, &[]).await;
    let said = String::from_utf8_lossy(&refused.stdout);
    assert_eq!(refused.status.code(), Some(3), "{said}");
    assert!(
        said.contains("error: the target cannot be reached: cannot connect to https://127.0.0.1:")
            && said.contains("certificate")
            && said.contains("(a private CA? trust it with --ca-cert FILE)"),
        "{said}"
    );
    let trusted = with_ca_cert(dir.path(), &base, "ca.pem").await;
    let said = String::from_utf8_lossy(&trusted.stdout);
    assert_eq!(trusted.status.code(), Some(0), "{said}");
    assert!(said.contains("1 passed, 0 failed, 0 skipped"), "{said}");
    // A file that holds no certificate is a usage error before anything is sent.
    std::fs::write(dir.path().join("empty.pem"), "not a certificate\n").unwrap();
    let empty = with_ca_cert(dir.path(), &base, "empty.pem").await;
    assert_eq!(empty.status.code(), Some(2), "{empty:?}");
    assert!(
        String::from_utf8_lossy(&empty.stderr).starts_with("error: --ca-cert empty.pem: "),
        "{empty:?}"
    );
}

/// `--metadata` at a URL of the private deployment is fetched with the run's client, so
/// `--ca-cert` serves it too.
#[tokio::test]
async fn metadata_from_a_private_deployment_is_fetched_trusting_ca_cert() {
    let (ca_pem, acceptor) = private_ca();
    let csdl = std::fs::read_to_string(crate::support::fixture("schema/graph.csdl.xml")).unwrap();
    let port = serve_metadata(acceptor, Some(csdl)).await;
    let dir = me_page();
    std::fs::write(dir.path().join("ca.pem"), ca_pem).unwrap();
    let target = format!("https://127.0.0.1:{port}");
    let metadata = format!("v1.0={target}/v1.0/$metadata");
    let args = [
        "run",
        ".",
        "--target",
        &target,
        "--retries",
        "0",
        "--match",
        "schema",
        "--metadata",
        &metadata,
    ];
    let refused = exemplar_async(dir.path(), &args, &[]).await;
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_ne!(refused.status.code(), Some(0), "{said}");
    assert!(said.contains("$metadata"), "{said}");
    let trusted = with_ca_cert(dir.path(), &args, "ca.pem").await;
    let said = String::from_utf8_lossy(&trusted.stdout);
    assert_eq!(
        trusted.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&trusted.stderr)
    );
    assert!(said.contains("1 passed, 0 failed, 0 skipped"), "{said}");
}

#[tokio::test]
async fn proxy_carries_requests_for_a_remote_target_and_wins_over_the_environment() {
    // The proxy is a wiremock server: it gets the request in absolute form and answers it, so
    // `api.exemplar.test` is never looked up.
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&proxy)
        .await;
    let dir = me_page();
    let args = [
        "run",
        ".",
        "--target",
        "http://api.exemplar.test",
        "--proxy",
        &proxy.uri(),
        "--retries",
        "0",
    ];
    let env = [
        ("HTTP_PROXY", "http://127.0.0.1:9"),
        ("http_proxy", "http://127.0.0.1:9"),
    ];
    let output = exemplar_async(dir.path(), &args, &env).await;
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{said}");
    let header = format!(
        "against http://api.exemplar.test/ through proxy {}/",
        proxy.uri()
    );
    assert!(said.contains(&header), "{said}");
    let seen = &proxy.received_requests().await.unwrap()[0];
    assert_eq!(seen.url.host_str(), Some("api.exemplar.test"));
}
