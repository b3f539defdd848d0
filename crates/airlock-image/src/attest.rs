//! SBOM attestations in an OCI layout: BuildKit's attestation manifests
//! (`vnd.docker.reference.type: attestation-manifest` in the index) whose
//! layers are in-toto statements (`in-toto.io/predicate-type` SPDX or
//! CycloneDX). Only the index, those manifests and those layers are read.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};

use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use crate::archive::{OuterIndex, Tracked, read_entry};
use crate::{ImageError, Platform};

/// An SBOM attestation found in an OCI layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomAttestation {
    /// The manifest digest of the image it describes (`vnd.docker.reference.digest`).
    pub subject: Option<String>,
    /// That image's platform, when the index gives it.
    pub platform: Option<Platform>,
    /// The in-toto predicate type (`https://spdx.dev/Document`, …).
    pub predicate_type: String,
    /// The in-toto statement (JSON) holding the SBOM.
    pub statement: Vec<u8>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    media_type: Option<String>,
    digest: String,
    platform: Option<RawPlatform>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawPlatform {
    os: String,
    architecture: String,
    variant: Option<String>,
}

#[derive(Deserialize)]
struct Listing {
    #[serde(default)]
    manifests: Vec<Descriptor>,
    #[serde(default)]
    layers: Vec<Descriptor>,
}

/// Whether a predicate type names an SBOM format Airlock reads.
fn is_sbom_predicate(t: &str) -> bool {
    let t = t.to_ascii_lowercase();
    t.contains("spdx") || t.contains("cyclonedx")
}

/// Reads a blob by digest from the layout and checks its sha256.
fn blob<S: Read + Seek>(src: &mut Tracked<S>, index: &OuterIndex, digest: &str) -> Result<Vec<u8>, ImageError> {
    let hex = digest.strip_prefix("sha256:").ok_or_else(|| ImageError::InvalidDocument {
        document: "index.json".into(),
        reason: format!("unsupported digest {digest:?}"),
    })?;
    let name = format!("blobs/sha256/{hex}");
    let loc = index.locate(&name).ok_or_else(|| index.missing(&name))?;
    let bytes = read_entry(src, loc, &name)?;
    let actual = hex::encode(Sha256::digest(&bytes));
    if actual != hex {
        return Err(ImageError::InvalidDocument { document: name, reason: format!("sha256 is {actual}") });
    }
    Ok(bytes)
}

fn parse(bytes: &[u8], name: &str) -> Result<Listing, ImageError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ImageError::InvalidDocument { document: name.to_owned(), reason: e.to_string() })
}

/// Finds the SBOM attestations of an OCI layout archive (plain tar; a
/// docker-save archive or a layout without attestations gives none).
pub fn find_sbom_attestations<R: Read + Seek>(reader: R) -> Result<Vec<SbomAttestation>, ImageError> {
    let mut src = Tracked::new(reader);
    let len = src.seek(SeekFrom::End(0))?;
    src.seek(SeekFrom::Start(0))?;
    let index = OuterIndex::build(&mut src, Some(len))?;
    let Some(top) = index.document("index.json") else { return Ok(Vec::new()) };
    let mut descriptors = parse(top, "index.json")?.manifests;
    // One level of nested indexes (a layout whose index points to an image index).
    let mut nested = Vec::new();
    for d in &descriptors {
        if d.media_type.as_deref().is_some_and(|m| m.contains("image.index") || m.contains("manifest.list")) {
            let bytes = blob(&mut src, &index, &d.digest)?;
            nested.extend(parse(&bytes, &d.digest)?.manifests);
        }
    }
    descriptors.extend(nested);
    let platforms: BTreeMap<String, Platform> = descriptors
        .iter()
        .filter_map(|d| {
            let p = d.platform.as_ref()?;
            Some((
                d.digest.clone(),
                Platform { os: p.os.clone(), architecture: p.architecture.clone(), variant: p.variant.clone() },
            ))
        })
        .collect();
    let mut found = Vec::new();
    for d in descriptors
        .iter()
        .filter(|d| d.annotations.get("vnd.docker.reference.type").is_some_and(|t| t == "attestation-manifest"))
    {
        let subject = d.annotations.get("vnd.docker.reference.digest").cloned();
        let manifest = parse(&blob(&mut src, &index, &d.digest)?, &d.digest)?;
        for layer in manifest.layers {
            let Some(predicate_type) = layer.annotations.get("in-toto.io/predicate-type") else { continue };
            if !is_sbom_predicate(predicate_type) {
                continue;
            }
            found.push(SbomAttestation {
                subject: subject.clone(),
                platform: subject.as_ref().and_then(|s| platforms.get(s).cloned()),
                predicate_type: predicate_type.clone(),
                statement: blob(&mut src, &index, &layer.digest)?,
            });
        }
    }
    Ok(found)
}
