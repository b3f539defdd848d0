//! rpm's native NDB package database (`Packages.db`), read-only: a header
//! (`RpmP`), a slot table (`Slot` entries naming each package's block) and
//! the blobs (`BlbS` + header blob), all little-endian.

use super::RpmDbError;

/// `RpmP`.
const HEADER_MAGIC: &[u8; 4] = b"RpmP";
/// `Slot`.
const SLOT_MAGIC: &[u8; 4] = b"Slot";
/// `BlbS`.
const BLOB_MAGIC: &[u8; 4] = b"BlbS";
/// Slot pages are 4 KiB of 16-byte slots; the first two slots hold the header.
const SLOT_PAGE: usize = 4096;
/// Size of a slot and of a block.
const UNIT: usize = 16;

fn err(reason: impl Into<String>) -> RpmDbError {
    RpmDbError::Ndb(reason.into())
}

fn le32(b: &[u8], at: usize) -> Result<u32, RpmDbError> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok_or_else(|| err("file is cut off"))
}

/// Whether `bytes` starts like an NDB package database.
pub(crate) fn is_ndb(bytes: &[u8]) -> bool {
    bytes.starts_with(HEADER_MAGIC)
}

/// The header blobs of every used slot, in slot order.
pub(crate) fn read_package_blobs(bytes: &[u8]) -> Result<Vec<Vec<u8>>, RpmDbError> {
    if !is_ndb(bytes) {
        return Err(err("not an NDB package database"));
    }
    let version = le32(bytes, 4)?;
    if version != 0 {
        return Err(err(format!("unsupported NDB version {version}")));
    }
    let slot_pages = le32(bytes, 12)? as usize;
    let slot_bytes = slot_pages
        .checked_mul(SLOT_PAGE)
        .filter(|b| *b <= bytes.len())
        .ok_or_else(|| err(format!("{slot_pages} slot pages exceed the file")))?;
    let mut blobs = Vec::new();
    for slot in (2 * UNIT..slot_bytes).step_by(UNIT) {
        if bytes.get(slot..slot + 4) != Some(SLOT_MAGIC) {
            return Err(err(format!("slot at byte {slot} has no Slot magic")));
        }
        let index = le32(bytes, slot + 4)?;
        if index == 0 {
            continue;
        }
        let start = (le32(bytes, slot + 8)? as usize).checked_mul(UNIT).ok_or_else(|| err("block offset overflows"))?;
        if bytes.get(start..start + 4) != Some(BLOB_MAGIC) {
            return Err(err(format!("package {index}: no BlbS blob at byte {start}")));
        }
        if le32(bytes, start + 4)? != index {
            return Err(err(format!("package {index}: blob at byte {start} belongs to another package")));
        }
        let len = le32(bytes, start + 12)? as usize;
        let end = (start + UNIT).checked_add(len);
        let blob = end
            .and_then(|end| bytes.get(start + UNIT..end))
            .ok_or_else(|| err(format!("package {index}: blob of {len} bytes is cut off")))?;
        blobs.push(blob.to_vec());
    }
    Ok(blobs)
}
