//! Image configuration checks on the real fixtures and on a synthetic image
//! with planted secrets, setuid files above the base and look-alikes; every
//! output is checked for masking, and SARIF against the official schema.

use std::io::Cursor;
use std::path::PathBuf;

use airlock_audit::image::{EntryAudit, ImageAuditOptions, audit_image, wants};
use airlock_audit::{AuditReport, render};
use airlock_image::{ReadOptions, read_image_observed};
use sha2::{Digest as _, Sha256};

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn audit_bytes(name: &str, reader: impl std::io::Read + std::io::Seek, options: &ImageAuditOptions) -> AuditReport {
    let mut entries = EntryAudit::default();
    let image =
        read_image_observed(reader, &wants, &ReadOptions::default(), &mut |_| {}, &mut |e| entries.observe(e)).unwrap();
    audit_image(name, &image.info, &image.files, &entries, options)
}

fn fixture(name: &str) -> AuditReport {
    let path = shared().join("fixtures/images").join(name);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    audit_bytes(name, std::io::BufReader::new(file), &ImageAuditOptions::default())
}

#[test]
fn distroless_runs_as_65532_and_debian_as_root() {
    let distroless = fixture("distroless-static-go.docker.tar");
    assert_eq!(distroless.of_rule("root-user").count(), 0, "{:?}", distroless.findings);
    assert_eq!(distroless.of_rule("setuid-binary").count(), 0);
    let debian = fixture("debian-bookworm-minbase.oci.tar");
    let root: Vec<_> = debian.of_rule("root-user").collect();
    assert_eq!(root.len(), 1);
    assert_eq!(root[0].location.path, "config.User");
    // Real setuid binaries of a Debian base (single layer, boundary unknown: reported and said so).
    let setuid: Vec<&str> = debian.of_rule("setuid-binary").map(|f| f.message.as_str()).collect();
    assert!(setuid.iter().any(|m| m.starts_with("/usr/bin/su is setuid (mode 4755)")), "{setuid:?}");
    assert!(debian.notes.iter().any(|n| n.contains("base image boundary unknown")), "{:?}", debian.notes);
    // /tmp is 1777 (sticky): not world-writable in the finding's sense.
    assert!(debian.of_rule("world-writable").all(|f| !f.message.starts_with("/tmp ")));
}

// ---------- a synthetic image ----------

const AWS_KEY: &str = "AKIAZ7QH3KX5RW2LMPQD";
const LABEL_TOKEN: &str = "ghp_Zq8v1XbN3kLm9PwR2sT4uY6aC0dE5fG7hJ1k";
const HISTORY_TOKEN: &str = "Hk3sLq9ZpX2vN8wRt5Yc";
const KEY_BODY: &str = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z";

enum E<'a> {
    File(&'a str, &'a str, u32),
    Dir(&'a str, u32),
}

fn layer(entries: &[E<'_>]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let (path, body, mode, kind) = match e {
            E::File(p, body, mode) => (*p, *body, *mode, tar::EntryType::Regular),
            E::Dir(p, mode) => (*p, "", *mode, tar::EntryType::Directory),
        };
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(body.len() as u64);
        h.set_mode(mode);
        h.set_mtime(0);
        b.append_data(&mut h, path, body.as_bytes()).unwrap();
    }
    b.into_inner().unwrap()
}

fn sha(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn docker_archive(layers: &[Vec<u8>], config: serde_json::Value) -> Vec<u8> {
    let mut config = config;
    config["rootfs"] = serde_json::json!({
        "type": "layers",
        "diff_ids": layers.iter().map(|l| format!("sha256:{}", sha(l))).collect::<Vec<_>>()
    });
    let cfg = serde_json::to_vec(&config).unwrap();
    let cfg_name = format!("{}.json", sha(&cfg));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let names: Vec<String> = layers.iter().map(|l| format!("blobs/sha256/{}", sha(l))).collect();
    let manifest = serde_json::json!([{"Config": cfg_name, "RepoTags": ["example.test/leaky:1"], "Layers": names}]);
    files.push(("manifest.json".into(), serde_json::to_vec(&manifest).unwrap()));
    files.push((cfg_name, cfg));
    for (n, l) in names.iter().zip(layers) {
        files.push((n.clone(), l.clone()));
    }
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in &files {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        b.append_data(&mut h, name, &body[..]).unwrap();
    }
    b.into_inner().unwrap()
}

fn leaky_image() -> Vec<u8> {
    let pem = format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n");
    let base = layer(&[
        E::Dir("tmp", 0o1777),
        E::Dir("usr/bin", 0o755),
        E::File("usr/bin/su", "elf", 0o4755),
        E::File("usr/share/doc/aws.txt", "use AKIAIOSFODNN7EXAMPLE as in the docs", 0o644),
    ]);
    let app = layer(&[
        E::Dir("root/.ssh", 0o700),
        E::File("root/.ssh/id_rsa", &pem, 0o600),
        E::File("app/tool", "elf", 0o4755),
        E::Dir("app/shared", 0o777),
        E::File("app/.npmrc", "//registry.npmjs.org/:_authToken=npm_Zq8v1XbN3kLm9PwR2sT4uY6aC0dE5fG7hJ1k\n", 0o644),
        E::File("app/.aws/credentials", "[default]\naws_access_key_id = ${AWS_KEY}\n", 0o644),
        E::File(
            "home/ci/.aws/credentials",
            "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8v3LmN2q\n",
            0o600,
        ),
        E::File("home/ci/.pypirc", "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDk3\n", 0o600),
        E::File("home/ci/.docker/config.json", "{\"auths\": {\"ghcr.io\": {\"auth\": \"Y2k6c2VjcmV0\"}}}", 0o600),
        E::File("home/docs/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", 0o644),
        E::File("home/docs/.docker/config.json", "{\"credsStore\": \"desktop\"}", 0o644),
        E::File("app/server.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", 0o644),
    ]);
    let cleanup = layer(&[E::File("root/.ssh/.wh.id_rsa", "", 0o644)]);
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "config": {
            "Env": [
                "PATH=/usr/bin",
                format!("AWS_ACCESS_KEY_ID={AWS_KEY}"),
                "DOCS_KEY=AKIAIOSFODNN7EXAMPLE",
                "CHECKSUM=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "API_TOKEN=123e4567-e89b-12d3-a456-426614174000",
                "DB_PASSWORD_FILE=/run/secrets/db"
            ],
            "Labels": {
                "org.opencontainers.image.revision": "4f2b1c9d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c",
                "ci.github-token": LABEL_TOKEN
            },
            "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}}
        },
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:0f1e2d in / "},
            {"created_by": "/bin/sh -c #(nop)  CMD [\"bash\"]", "empty_layer": true},
            {"created_by": format!("RUN /bin/sh -c curl -fsS --auth-token={HISTORY_TOKEN} https://example.test/app.tgz | tar xz # buildkit"), "comment": "buildkit.dockerfile.v0"},
            {"created_by": "ADD https://example.test/tool.tgz /opt/ # buildkit", "empty_layer": true, "comment": "buildkit.dockerfile.v0"},
            {"created_by": "RUN /bin/sh -c rm /root/.ssh/id_rsa # buildkit", "comment": "buildkit.dockerfile.v0"}
        ]
    });
    docker_archive(&[base, app, cleanup], config)
}

fn leaky() -> AuditReport {
    audit_bytes("leaky.tar", Cursor::new(leaky_image()), &ImageAuditOptions::default())
}

fn rules(report: &AuditReport) -> Vec<(&str, &str)> {
    report.findings.iter().map(|f| (f.rule.as_str(), f.location.path.as_str())).collect()
}

#[test]
fn planted_secrets_are_found_and_look_alikes_are_not() {
    let r = leaky();
    let env: Vec<_> = r.of_rule("secret-in-env").collect();
    assert_eq!(env.len(), 1, "{:?}", rules(&r));
    assert_eq!(env[0].location.path, "config.Env[1]");
    assert_eq!(env[0].message, "ENV AWS_ACCESS_KEY_ID=AKIA**************** (aws-access-key-id)");
    // A git sha in a label is not a secret; a GitHub token is.
    let labels: Vec<_> = r.of_rule("secret-in-label").collect();
    assert_eq!(labels.len(), 1, "{:?}", rules(&r));
    assert_eq!(labels[0].location.path, "config.Labels.ci.github-token");
    assert_eq!(labels[0].message, "LABEL ci.github-token=ghp_**************** (github-token)");
    let hist: Vec<_> = r.of_rule("secret-in-history").collect();
    assert_eq!(hist.len(), 1, "{:?}", rules(&r));
    assert_eq!(hist[0].location.path, "history[2].created_by");
    let creds: Vec<&str> = r.of_rule("credential-file").map(|f| f.message.as_str()).collect();
    // id_rsa, .npmrc, AWS, PyPI, Docker; not the ${NPM_TOKEN} .npmrc, the credsStore config, or a certificate.
    assert_eq!(creds.len(), 5, "{creds:?}");
    for kind in [
        "AWS credentials in /home/ci/.aws/credentials",
        "PyPI password in /home/ci/.pypirc",
        "Docker registry credentials in /home/ci/.docker/config.json",
    ] {
        assert!(creds.iter().any(|m| m.starts_with(kind)), "{kind}: {creds:?}");
    }
    assert!(
        creds.iter().any(|m| m.starts_with("SSH private key in /root/.ssh/id_rsa, layer 1 (deleted by a later layer")),
        "{creds:?}"
    );
    assert!(creds.iter().any(|m| m.starts_with("npm registry token in /app/.npmrc")), "{creds:?}");
}

#[test]
fn config_checks_and_files_above_the_base() {
    let r = leaky();
    assert_eq!(r.of_rule("root-user").count(), 1);
    assert_eq!(r.of_rule("no-healthcheck").count(), 1);
    assert_eq!(r.of_rule("ssh-exposed").count(), 1);
    let add: Vec<_> = r.of_rule("add-remote-url").collect();
    assert_eq!(add.len(), 1);
    assert_eq!(add[0].location.path, "history[3].created_by");
    // The base ends at its CMD: /usr/bin/su (layer 0) is the base's; /app/tool is added.
    let setuid: Vec<&str> = r.of_rule("setuid-binary").map(|f| f.message.as_str()).collect();
    assert_eq!(setuid, ["/app/tool is setuid (mode 4755) in layer 1"]);
    let ww: Vec<&str> = r.of_rule("world-writable").map(|f| f.message.as_str()).collect();
    assert_eq!(ww, ["/app/shared is a world-writable directory without sticky bit (mode 0777) in layer 1"]);
    assert!(r.notes.iter().any(|n| n.contains("first 1 layer(s), inferred")), "{:?}", r.notes);
    // Given explicitly, the boundary wins: 0 base layers reports su too.
    let all = audit_bytes("leaky.tar", Cursor::new(leaky_image()), &ImageAuditOptions { base_layers: Some(0) });
    assert_eq!(all.of_rule("setuid-binary").count(), 2);
}

#[test]
fn secrets_are_masked_in_every_output() {
    let r = leaky();
    let outputs = [render::to_json(&r), render::audit_sarif(&[&r]), render::audit_markdown(&r), render::audit_text(&r)];
    for out in &outputs {
        for secret in [
            AWS_KEY,
            &AWS_KEY[4..],
            LABEL_TOKEN,
            &LABEL_TOKEN[4..],
            HISTORY_TOKEN,
            &HISTORY_TOKEN[4..],
            &KEY_BODY[..20],
            "RW2LMPQD",
        ] {
            assert!(!out.contains(secret), "{secret} leaked in:\n{out}");
        }
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema_path = shared().join("schemas/sarif-2.1.0.schema.json");
    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(&schema_path).unwrap()).unwrap();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:sarif-2.1.0", schema).unwrap();
    let mut schemas = boon::Schemas::new();
    let id = compiler.compile("urn:sarif-2.1.0", &mut schemas).unwrap();
    let r = leaky();
    let runtime =
        airlock_audit::audit_runtime("c.yaml", "services:\n  a:\n    image: x\n    privileged: true\n").unwrap();
    let published = std::collections::BTreeMap::new();
    let input = airlock_audit::policy::PolicyInput {
        report: None,
        published: &published,
        known_exploited: None,
        image_audit: Some(&r),
        runtime_audit: Some(&runtime),
        today: "2024-06-30",
    };
    let eval = airlock_audit::policy::evaluate("leaky.tar", &input, &Default::default());
    // non-root-user, no-secrets and runtime-profile fail; the vulnerability policies are not evaluated.
    assert_eq!(eval.score.evaluated_weight, 7);
    assert_eq!(eval.score.grade, 'F');
    let policy_sarif = render::policy_sarif(&eval);
    for secret in [AWS_KEY, LABEL_TOKEN, HISTORY_TOKEN] {
        assert!(!policy_sarif.contains(secret) && !render::policy_markdown(&eval).contains(secret));
        assert!(!render::to_json(&eval).contains(secret) && !render::policy_text(&eval).contains(secret));
    }
    for sarif in [render::audit_sarif(&[&r, &runtime]), render::audit_sarif(&[]), policy_sarif] {
        let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        if let Err(e) = schemas.validate(&doc, id) {
            panic!("invalid SARIF: {e:#}\n{sarif}");
        }
        assert_eq!(doc["version"], "2.1.0");
    }
}
