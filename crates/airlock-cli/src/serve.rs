//! `airlock serve`: a std-only static file server for the browser viewer
//! (`pkg/`, built by `bash www/build.sh`), bound to the loopback interface
//! only, sending the page's Content-Security-Policy on every response.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;

/// Arguments of `airlock serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Folder to serve: the site built by `bash www/build.sh`.
    #[arg(long, default_value = "pkg")]
    pub(crate) dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8765)]
    pub(crate) port: u16,
    /// Loopback address to bind (127.0.0.1 or ::1); other addresses are refused.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: IpAddr,
}

/// The policy the viewer needs: its own origin only, plus wasm compilation.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'none'; frame-ancestors 'none'";

/// Runs `airlock serve` until interrupted.
pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    if !args.bind.is_loopback() {
        bail!("--bind {}: the viewer is served on the loopback interface only (127.0.0.1 or ::1)", args.bind);
    }
    if !args.dir.join("index.html").is_file() {
        bail!("{}: no index.html; build the viewer first with `bash www/build.sh`", args.dir.display());
    }
    let listener = TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    {
        let mut out = std::io::stdout().lock();
        let host = if addr.is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
        writeln!(out, "serving {} on http://{host}:{}/ (Ctrl-C to stop)", args.dir.display(), addr.port())?;
        out.flush()?;
    }
    serve_listener(&listener, &args.dir, None);
    Ok(ExitCode::SUCCESS)
}

/// Answers connections on `listener` from `root`, one thread each; stops
/// after `limit` connections when given (tests).
pub(crate) fn serve_listener(listener: &TcpListener, root: &Path, limit: Option<usize>) {
    for (n, stream) in listener.incoming().enumerate() {
        if let Ok(stream) = stream {
            let root = root.to_path_buf();
            let handle = std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
            if limit.is_some() {
                let _ = handle.join();
            }
        }
        if limit.is_some_and(|l| n + 1 >= l) {
            break;
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "gz" => "application/gzip",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request target to a file under `root`, refusing anything that
/// would leave it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

fn answer(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers; the server needs none of them.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(&mut out, "405 Method Not Allowed", "text/plain; charset=utf-8", b"only GET and HEAD\n", true);
    }
    match resolve(root, target).map(|p| (std::fs::read(&p), p)) {
        Some((Ok(body), path)) => respond(&mut out, "200 OK", content_type(&path), &body, method == "GET"),
        _ => respond(&mut out, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", method == "GET"),
    }
}

fn respond(out: &mut TcpStream, status: &str, kind: &str, body: &[u8], with_body: bool) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\n\
         X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCross-Origin-Opener-Policy: same-origin\r\n\
         Cross-Origin-Resource-Policy: same-origin\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if with_body {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn get(addr: SocketAddr, request: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn serves_files_with_csp_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.path().join("a b.wasm"), [0, 97, 115, 109]).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = dir.path().to_path_buf();
        let server = std::thread::spawn(move || serve_listener(&listener, &root, Some(5)));

        let index = get(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.contains("Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"));
        assert!(index.ends_with("<p>hi</p>"));
        let wasm = get(addr, "GET /a%20b.wasm?v=1 HTTP/1.1\r\n\r\n");
        assert!(wasm.contains("Content-Type: application/wasm\r\nContent-Length: 4\r\n"), "{wasm}");
        assert!(get(addr, "GET /../Cargo.toml HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404"));
        assert!(get(addr, "GET /%2e%2e/x HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 404"));
        assert!(get(addr, "POST / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 405"));
        server.join().unwrap();
    }

    #[test]
    fn only_loopback_addresses_are_accepted() {
        let args = ServeArgs { dir: PathBuf::from("."), port: 0, bind: "0.0.0.0".parse().unwrap() };
        let err = serve(&args).unwrap_err().to_string();
        assert!(err.contains("loopback interface only"), "{err}");
    }
}
