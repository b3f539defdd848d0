//! Berkeley DB hash databases (rpm's legacy `Packages`), read-only.
//!
//! Every page after the metadata page is visited once in file order; on
//! hash pages each data item that lives off-page (rpm's header blobs are
//! always larger than a page allows inline) is reassembled from its chain
//! of overflow pages. Small inline items (rpm's instance counter) are not
//! headers and are skipped. Page numbers are checked and chains are bounded,
//! so a damaged file is an error, never a hang.

use super::RpmDbError;

/// Hash database magic.
const HASH_MAGIC: u32 = 0x0006_1561;
/// Size of the generic page header.
const PAGE_HEADER: usize = 26;
/// `P_HASH_UNSORTED`.
const P_HASH_UNSORTED: u8 = 2;
/// `P_OVERFLOW`.
const P_OVERFLOW: u8 = 7;
/// `P_HASH`.
const P_HASH: u8 = 13;
/// `H_OFFPAGE`: the item points to an overflow chain.
const H_OFFPAGE: u8 = 3;

fn err(reason: impl Into<String>) -> RpmDbError {
    RpmDbError::Bdb(reason.into())
}

/// Byte order of the file (the magic tells).
#[derive(Clone, Copy)]
struct Order(bool);

impl Order {
    fn u16(self, b: &[u8], at: usize) -> Result<u16, RpmDbError> {
        let s = b.get(at..at + 2).ok_or_else(|| err("page is cut off"))?;
        let a = [s[0], s[1]];
        Ok(if self.0 { u16::from_le_bytes(a) } else { u16::from_be_bytes(a) })
    }

    fn u32(self, b: &[u8], at: usize) -> Result<u32, RpmDbError> {
        let s = b.get(at..at + 4).ok_or_else(|| err("page is cut off"))?;
        let a = [s[0], s[1], s[2], s[3]];
        Ok(if self.0 { u32::from_le_bytes(a) } else { u32::from_be_bytes(a) })
    }
}

/// Whether `bytes` starts like a Berkeley DB hash file (either byte order).
pub(crate) fn is_bdb_hash(bytes: &[u8]) -> bool {
    bytes.get(12..16).is_some_and(|m| {
        let m = [m[0], m[1], m[2], m[3]];
        u32::from_le_bytes(m) == HASH_MAGIC || u32::from_be_bytes(m) == HASH_MAGIC
    })
}

/// The header blobs stored as values of the hash database, in page order.
pub(crate) fn read_package_blobs(bytes: &[u8]) -> Result<Vec<Vec<u8>>, RpmDbError> {
    if !is_bdb_hash(bytes) {
        return Err(err("not a Berkeley DB hash file"));
    }
    let order = Order(u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]) == HASH_MAGIC);
    let page_size = order.u32(bytes, 20)? as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(err(format!("invalid page size {page_size}")));
    }
    let last = order.u32(bytes, 32)? as usize;
    let pages = bytes.len() / page_size;
    if last >= pages {
        return Err(err(format!("metadata names page {last} but the file holds {pages} pages")));
    }
    let page = |n: usize| -> Result<&[u8], RpmDbError> {
        bytes.get(n * page_size..(n + 1) * page_size).ok_or_else(|| err(format!("page {n} is outside the file")))
    };
    let mut blobs = Vec::new();
    for n in 1..=last {
        let p = page(n)?;
        if p[25] != P_HASH && p[25] != P_HASH_UNSORTED {
            continue;
        }
        let entries = usize::from(order.u16(p, 20)?);
        // Items come in (key, data) pairs; data items are the odd ones.
        for i in (1..entries).step_by(2) {
            let offset = usize::from(order.u16(p, PAGE_HEADER + 2 * i)?);
            if p.get(offset) != Some(&H_OFFPAGE) {
                continue;
            }
            let first = order.u32(p, offset + 4)? as usize;
            let total = order.u32(p, offset + 8)? as usize;
            if total > bytes.len() {
                return Err(err(format!("page {n} item {i}: length {total} exceeds the file")));
            }
            let mut blob = Vec::with_capacity(total);
            let mut next = first;
            let mut hops = 0;
            while blob.len() < total {
                hops += 1;
                if next == 0 || next > last || hops > pages {
                    return Err(err(format!("page {n} item {i}: broken overflow chain at page {next}")));
                }
                let o = page(next)?;
                if o[25] != P_OVERFLOW {
                    return Err(err(format!("page {next} should be an overflow page, has type {}", o[25])));
                }
                let used = usize::from(order.u16(o, 22)?);
                let chunk = o
                    .get(PAGE_HEADER..PAGE_HEADER + used)
                    .ok_or_else(|| err(format!("overflow page {next} is cut off")))?;
                blob.extend_from_slice(chunk);
                next = order.u32(o, 16)? as usize;
            }
            blob.truncate(total);
            blobs.push(blob);
        }
    }
    Ok(blobs)
}
