//! A minimal read-only SQLite reader: just enough of the file format
//! (<https://www.sqlite.org/fileformat2.html>) to list the `blob` column of
//! rpm's `Packages` table. Table b-trees only, overflow chains, no WAL.
//! Every page number and offset is checked; visited pages are tracked so a
//! damaged file cannot loop.

use super::RpmDbError;

/// The 16-byte magic of every SQLite 3 file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Interior table b-tree page.
const INTERIOR_TABLE: u8 = 0x05;
/// Leaf table b-tree page.
const LEAF_TABLE: u8 = 0x0d;

fn err(reason: impl Into<String>) -> RpmDbError {
    RpmDbError::Sqlite(reason.into())
}

/// Whether `bytes` starts like an SQLite 3 file.
pub(crate) fn is_sqlite(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The header blobs of rpm's `Packages(hnum, blob)` table, in rowid order.
pub(crate) fn read_package_blobs(bytes: &[u8]) -> Result<Vec<Vec<u8>>, RpmDbError> {
    let db = Db::open(bytes)?;
    let mut root = None;
    db.walk_table(1, &mut |_rowid, record| {
        let columns = parse_record(record)?;
        // sqlite_master: type, name, tbl_name, rootpage, sql.
        if let (Some(Value::Text(kind)), Some(Value::Text(name)), Some(Value::Int(page))) =
            (columns.first(), columns.get(1), columns.get(3))
            && *kind == b"table"
            && *name == b"Packages"
        {
            root = Some(*page);
        }
        Ok(())
    })?;
    let root = root.ok_or_else(|| err("no Packages table"))?;
    let root = u32::try_from(root).map_err(|_| err(format!("Packages table has root page {root}")))?;
    let mut blobs = Vec::new();
    db.walk_table(root, &mut |rowid, record| {
        let columns = parse_record(record)?;
        match columns.get(1) {
            Some(Value::Blob(blob)) => blobs.push(blob.to_vec()),
            _ => return Err(err(format!("Packages row {rowid} has no blob column"))),
        }
        Ok(())
    })?;
    Ok(blobs)
}

/// Called with each row's rowid and record bytes.
type RowVisitor<'v> = dyn FnMut(i64, &[u8]) -> Result<(), RpmDbError> + 'v;

/// An open database image.
struct Db<'a> {
    bytes: &'a [u8],
    page_size: usize,
    usable: usize,
    pages: u32,
}

impl<'a> Db<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, RpmDbError> {
        if !is_sqlite(bytes) || bytes.len() < 100 {
            return Err(err("not an SQLite 3 file"));
        }
        let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
            1 => 65536,
            n if n >= 512 && n.is_power_of_two() => usize::from(n),
            n => return Err(err(format!("invalid page size {n}"))),
        };
        let reserved = usize::from(bytes[20]);
        let usable =
            page_size.checked_sub(reserved).filter(|u| *u >= 480).ok_or_else(|| err("invalid reserved space"))?;
        let pages = u32::try_from(bytes.len() / page_size).map_err(|_| err("file too large"))?;
        Ok(Self { bytes, page_size, usable, pages })
    }

    /// Page `n` (1-based).
    fn page(&self, n: u32) -> Result<&'a [u8], RpmDbError> {
        if n == 0 || n > self.pages {
            return Err(err(format!("page {n} is outside the {}-page file", self.pages)));
        }
        let start = (n as usize - 1) * self.page_size;
        self.bytes.get(start..start + self.page_size).ok_or_else(|| err(format!("page {n} is cut off")))
    }

    /// Calls `visit(rowid, record)` for every row of the table b-tree rooted at `root`.
    fn walk_table(&self, root: u32, visit: &mut RowVisitor<'_>) -> Result<(), RpmDbError> {
        let mut seen = vec![false; self.pages as usize + 1];
        let mut stack = vec![root];
        let mut payload = Vec::new();
        while let Some(n) = stack.pop() {
            let slot = seen.get_mut(n as usize).ok_or_else(|| err(format!("page {n} out of range")))?;
            if std::mem::replace(slot, true) {
                return Err(err(format!("page {n} is reached twice (corrupt b-tree)")));
            }
            let page = self.page(n)?;
            let base = if n == 1 { 100 } else { 0 };
            let kind = *page.get(base).ok_or_else(|| err("empty page"))?;
            let cells = usize::from(be16(page, base + 3)?);
            let header_len = match kind {
                LEAF_TABLE => 8,
                INTERIOR_TABLE => 12,
                other => return Err(err(format!("page {n} has type {other:#x}, expected a table b-tree page"))),
            };
            let mut children = Vec::new();
            for i in 0..cells {
                let cell = usize::from(be16(page, base + header_len + 2 * i)?);
                if kind == INTERIOR_TABLE {
                    children.push(be32(page, cell)?);
                    continue;
                }
                let (len, used) = varint(page, cell)?;
                let (rowid, used2) = varint(page, cell + used)?;
                let start = cell + used + used2;
                self.payload(page, start, len, &mut payload, &mut seen)?;
                visit(rowid as i64, &payload)?;
            }
            if kind == INTERIOR_TABLE {
                children.push(be32(page, base + 8)?);
                // Visit left to right: the stack pops the last pushed first.
                stack.extend(children.into_iter().rev());
            }
        }
        Ok(())
    }

    /// Gathers a cell's payload of `len` bytes starting at `start` on `page`,
    /// following the overflow chain.
    fn payload(
        &self,
        page: &[u8],
        start: usize,
        len: u64,
        out: &mut Vec<u8>,
        seen: &mut [bool],
    ) -> Result<(), RpmDbError> {
        let len = usize::try_from(len)
            .ok()
            .filter(|l| *l <= self.bytes.len())
            .ok_or_else(|| err("payload larger than the file"))?;
        out.clear();
        let u = self.usable;
        let x = u - 35;
        let local = if len <= x {
            len
        } else {
            let m = ((u - 12) * 32 / 255) - 23;
            let k = m + ((len - m) % (u - 4));
            if k <= x { k } else { m }
        };
        out.extend_from_slice(page.get(start..start + local).ok_or_else(|| err("cell payload is cut off"))?);
        if local == len {
            return Ok(());
        }
        let mut next = be32(page, start + local)?;
        while out.len() < len {
            let slot = seen.get_mut(next as usize).ok_or_else(|| err(format!("overflow page {next} out of range")))?;
            if std::mem::replace(slot, true) {
                return Err(err(format!("overflow page {next} is reached twice")));
            }
            let overflow = self.page(next)?;
            let take = (len - out.len()).min(u - 4);
            out.extend_from_slice(overflow.get(4..4 + take).ok_or_else(|| err("overflow page cut off"))?);
            next = be32(overflow, 0)?;
        }
        Ok(())
    }
}

/// One column value of a record.
#[derive(Debug, PartialEq)]
enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
    Other,
}

/// Decodes a record: a header of serial types, then the values.
fn parse_record(record: &[u8]) -> Result<Vec<Value<'_>>, RpmDbError> {
    let (header_len, mut at) = varint(record, 0)?;
    let header_len = usize::try_from(header_len).map_err(|_| err("bad record header"))?;
    let mut body = header_len;
    let mut values = Vec::new();
    while at < header_len {
        let (serial, used) = varint(record, at)?;
        at += used;
        let size = match serial {
            0 | 8 | 9 => 0,
            1..=4 => serial as usize,
            5 => 6,
            6 | 7 => 8,
            10 | 11 => return Err(err("reserved serial type")),
            n if n % 2 == 0 => ((n - 12) / 2) as usize,
            n => ((n - 13) / 2) as usize,
        };
        let bytes =
            body.checked_add(size).and_then(|end| record.get(body..end)).ok_or_else(|| err("record is cut off"))?;
        body += size;
        values.push(match serial {
            0 => Value::Null,
            1..=6 => {
                let mut v: i64 = if bytes[0] & 0x80 != 0 { -1 } else { 0 };
                for b in bytes {
                    v = (v << 8) | i64::from(*b);
                }
                Value::Int(v)
            }
            8 => Value::Int(0),
            9 => Value::Int(1),
            n if n >= 12 && n % 2 == 0 => Value::Blob(bytes),
            n if n >= 13 => Value::Text(bytes),
            _ => Value::Other,
        });
    }
    Ok(values)
}

fn be16(bytes: &[u8], at: usize) -> Result<u16, RpmDbError> {
    bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]])).ok_or_else(|| err("page is cut off"))
}

fn be32(bytes: &[u8], at: usize) -> Result<u32, RpmDbError> {
    bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok_or_else(|| err("page is cut off"))
}

/// An SQLite varint (1–9 bytes, big-endian, high bit = more) and its length.
fn varint(bytes: &[u8], at: usize) -> Result<(u64, usize), RpmDbError> {
    let mut v: u64 = 0;
    for i in 0..9 {
        let b = *bytes.get(at + i).ok_or_else(|| err("varint is cut off"))?;
        if i == 8 {
            return Ok(((v << 8) | u64::from(b), 9));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Ok((v, i + 1));
        }
    }
    Ok((v, 9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        assert_eq!(varint(&[0x05], 0).unwrap(), (5, 1));
        assert_eq!(varint(&[0x81, 0x00], 0).unwrap(), (128, 2));
        assert!(varint(&[0x81], 0).is_err());
    }

    #[test]
    fn records() {
        // header length 3, types: NULL, 1-byte int; then blob of 2 bytes (serial 16).
        let rec = [4u8, 0, 1, 16, 7, 0xaa, 0xbb];
        assert_eq!(parse_record(&rec).unwrap(), vec![Value::Null, Value::Int(7), Value::Blob(&[0xaa, 0xbb])]);
        assert!(parse_record(&rec[..6]).is_err());
    }
}
