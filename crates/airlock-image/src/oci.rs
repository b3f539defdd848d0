//! OCI image layouts: `index.json` → (nested indexes) → manifest, with
//! platform selection.

use std::collections::BTreeMap;

use airlock_types::Digest;
use serde::Deserialize;

use crate::plan::{BlobRef, Plan, blob_entry, parse_digest, parse_json};
use crate::{ArchiveFormat, ImageError, Platform};

/// Annotation holding a reference name.
const REF_NAME: &str = "org.opencontainers.image.ref.name";
/// Annotation containerd/docker use for the full image name.
const IMAGE_NAME: &str = "io.containerd.image.name";
/// How deep indexes may nest.
const MAX_DEPTH: usize = 4;

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
struct Index {
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    config: Descriptor,
    #[serde(default)]
    layers: Vec<Descriptor>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

/// An image manifest found through the indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) digest: Digest,
    pub(crate) platform: Option<Platform>,
    pub(crate) reference: Option<String>,
}

/// Reads a blob by digest, verifying it (supplied by the caller).
pub(crate) type BlobFetcher<'a> = dyn FnMut(&Digest) -> Result<Vec<u8>, ImageError> + 'a;

/// Builds the plan from `index.json`, choosing a platform.
pub(crate) fn plan(
    index_json: &[u8],
    wanted: Option<&Platform>,
    fetch: &mut BlobFetcher<'_>,
) -> Result<Plan, ImageError> {
    let index: Index = parse_json(index_json, "index.json")?;
    let mut candidates = Vec::new();
    collect(index.manifests, "index.json", None, 0, fetch, &mut candidates)?;
    let chosen = select(&candidates, wanted)?;
    let document = format!("image manifest {}", chosen.digest);
    let bytes = fetch(&chosen.digest)?;
    let manifest: Manifest = parse_json(&bytes, &document)?;
    let config = blob_ref(&manifest.config, &document)?;
    let layers = manifest.layers.iter().map(|d| blob_ref(d, &document)).collect::<Result<Vec<_>, _>>()?;
    let reference = chosen.reference.clone().or_else(|| reference_of(&manifest.annotations));
    Ok(Plan {
        format: ArchiveFormat::OciLayout,
        reference,
        manifest_digest: Some(chosen.digest.clone()),
        declared_platform: chosen.platform.clone(),
        config,
        layers,
    })
}

fn blob_ref(d: &Descriptor, document: &str) -> Result<BlobRef, ImageError> {
    let digest = parse_digest(&d.digest, document)?;
    Ok(BlobRef { entry: blob_entry(&digest), digest: Some(digest), media_type: d.media_type.clone() })
}

fn reference_of(annotations: &BTreeMap<String, String>) -> Option<String> {
    annotations.get(IMAGE_NAME).or_else(|| annotations.get(REF_NAME)).cloned()
}

fn is_index(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|m| m.contains("image.index") || m.contains("manifest.list"))
}

fn is_attestation(d: &Descriptor) -> bool {
    d.annotations.get("vnd.docker.reference.type").is_some_and(|t| t == "attestation-manifest")
        || d.platform.as_ref().is_some_and(|p| p.os == "unknown" && p.architecture == "unknown")
}

fn collect(
    descriptors: Vec<Descriptor>,
    document: &str,
    inherited_ref: Option<&str>,
    depth: usize,
    fetch: &mut BlobFetcher<'_>,
    out: &mut Vec<Candidate>,
) -> Result<(), ImageError> {
    for d in descriptors {
        if is_attestation(&d) {
            continue;
        }
        let digest = parse_digest(&d.digest, document)?;
        let reference = reference_of(&d.annotations).or_else(|| inherited_ref.map(str::to_owned));
        if is_index(d.media_type.as_deref()) {
            if depth >= MAX_DEPTH {
                return Err(ImageError::InvalidDocument {
                    document: document.to_owned(),
                    reason: format!("image indexes nest deeper than {MAX_DEPTH} levels"),
                });
            }
            let name = format!("image index {digest}");
            let bytes = fetch(&digest)?;
            let nested: Index = parse_json(&bytes, &name)?;
            collect(nested.manifests, &name, reference.as_deref(), depth + 1, fetch, out)?;
        } else {
            let platform = d.platform.map(|p| Platform {
                os: p.os,
                architecture: p.architecture,
                variant: p.variant.filter(|v| !v.is_empty()),
            });
            out.push(Candidate { digest, platform, reference });
        }
    }
    Ok(())
}

fn matches(have: &Platform, want: &Platform) -> bool {
    have.os == want.os
        && have.architecture == want.architecture
        && (want.variant.is_none() || have.variant == want.variant)
}

fn list(candidates: &[Candidate]) -> String {
    let names: Vec<String> = candidates
        .iter()
        .map(|c| c.platform.as_ref().map_or_else(|| "unspecified".to_owned(), Platform::to_string))
        .collect();
    names.join(", ")
}

/// Picks the manifest: the requested platform, else the only one, else linux/amd64.
pub(crate) fn select<'c>(candidates: &'c [Candidate], wanted: Option<&Platform>) -> Result<&'c Candidate, ImageError> {
    let [first, ..] = candidates else {
        return Err(ImageError::InvalidDocument {
            document: "index.json".into(),
            reason: "it lists no image manifest".into(),
        });
    };
    match wanted {
        Some(want) => {
            if let [only] = candidates
                && only.platform.is_none()
            {
                // Checked against the config once it is read.
                return Ok(only);
            }
            candidates
                .iter()
                .find(|c| c.platform.as_ref().is_some_and(|p| matches(p, want)))
                .ok_or_else(|| ImageError::PlatformNotFound { wanted: want.to_string(), available: list(candidates) })
        }
        None if candidates.len() == 1 => Ok(first),
        None => {
            let amd64 = Platform::linux_amd64();
            candidates
                .iter()
                .find(|c| c.platform.as_ref().is_some_and(|p| matches(p, &amd64)))
                .ok_or_else(|| ImageError::AmbiguousPlatform { available: list(candidates) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(platform: Option<&str>, n: u8) -> Candidate {
        Candidate {
            digest: Digest::from_sha256_bytes(&[n; 32]),
            platform: platform.map(|p| p.parse().unwrap()),
            reference: None,
        }
    }

    #[test]
    fn selection_rules() {
        let two = [cand(Some("linux/arm64/v8"), 1), cand(Some("linux/amd64"), 2)];
        assert_eq!(select(&two, None).unwrap().digest, two[1].digest);
        let arm: Platform = "linux/arm64".parse().unwrap();
        assert_eq!(select(&two, Some(&arm)).unwrap().digest, two[0].digest);
        let err = select(&two, Some(&"linux/s390x".parse().unwrap())).unwrap_err();
        assert_eq!(err.to_string(), "platform linux/s390x not found; the image has: linux/arm64/v8, linux/amd64");
        let no_amd = [cand(Some("linux/arm64"), 1), cand(Some("linux/ppc64le"), 2)];
        assert!(
            matches!(select(&no_amd, None), Err(ImageError::AmbiguousPlatform { available }) if available == "linux/arm64, linux/ppc64le")
        );
        let single = [cand(Some("linux/riscv64"), 3)];
        assert_eq!(select(&single, None).unwrap().digest, single[0].digest);
    }

    #[test]
    fn attestations_are_skipped_and_references_inherited() {
        let nested_digest = Digest::from_sha256_bytes(&[9; 32]);
        let nested = format!(
            r#"{{"manifests":[
              {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","platform":{{"os":"linux","architecture":"amd64"}}}},
              {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","platform":{{"os":"unknown","architecture":"unknown"}}}},
              {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","annotations":{{"vnd.docker.reference.type":"attestation-manifest"}}}}]}}"#,
            Digest::from_sha256_bytes(&[1; 32]),
            Digest::from_sha256_bytes(&[2; 32]),
            Digest::from_sha256_bytes(&[3; 32]),
        );
        let top = format!(
            r#"{{"manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{nested_digest}","annotations":{{"org.opencontainers.image.ref.name":"ex/app:1"}}}}]}}"#
        );
        let idx: Index = serde_json::from_str(&top).unwrap();
        let mut out = Vec::new();
        let mut fetch = |d: &Digest| {
            assert_eq!(d, &nested_digest);
            Ok(nested.clone().into_bytes())
        };
        collect(idx.manifests, "index.json", None, 0, &mut fetch, &mut out).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].reference.as_deref(), Some("ex/app:1"));
        assert_eq!(out[0].platform, Some(Platform::linux_amd64()));
    }
}
