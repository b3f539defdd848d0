//! The [`Sniffer`] that picks executables and Java archives by content.

use airlock_image::Sniffer;

use super::{binary, java};

/// Largest executable or archive read (they are reduced one at a time, so
/// this bounds the walker's transient memory).
pub(crate) const MAX_INSPECTED_SIZE: u64 = 512 << 20;

/// Picks executables (ELF, PE, Mach-O) with an execute bit or an `.exe`
/// name, and Java archives by extension, and reduces them to their
/// package summaries.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContentSniffer;

fn is_executable_magic(head: &[u8]) -> bool {
    matches!(
        head,
        [0x7f, b'E', b'L', b'F', ..]
            | [b'M', b'Z', ..]
            | [0xfe, 0xed, 0xfa, 0xce | 0xcf, ..]
            | [0xce | 0xcf, 0xfa, 0xed, 0xfe, ..]
            | [0xca, 0xfe, 0xba, 0xbe, ..]
    )
}

fn is_zip_magic(head: &[u8]) -> bool {
    matches!(head, [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..])
}

impl Sniffer for ContentSniffer {
    fn considers(&self, path: &str, mode: u32) -> bool {
        mode & 0o111 != 0 || path.to_ascii_lowercase().ends_with(".exe") || java::is_archive_name(path)
    }

    fn max_size(&self) -> u64 {
        MAX_INSPECTED_SIZE
    }

    fn head_matches(&self, head: &[u8]) -> bool {
        is_executable_magic(head) || is_zip_magic(head)
    }

    fn reduce(&self, path: &str, content: &[u8]) -> Result<Option<Vec<u8>>, String> {
        if java::is_archive_name(path) && is_zip_magic(content) {
            return java::reduce(content).map(Some);
        }
        if is_executable_magic(content) {
            return binary::reduce(content);
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_by_mode_name_and_magic() {
        let s = ContentSniffer;
        assert!(s.considers("/usr/bin/x", 0o755));
        assert!(s.considers("/app/lib/a.JAR", 0o644));
        assert!(s.considers("/w/tool.exe", 0o644));
        assert!(!s.considers("/etc/passwd", 0o644));
        assert!(s.head_matches(b"\x7fELF\x02"));
        assert!(s.head_matches(b"PK\x03\x04"));
        assert!(!s.head_matches(b"#!/bin/sh"));
        assert_eq!(s.reduce("/usr/bin/sh", &crate::lang::rustbin::tests::fake_elf_without_dep_list()).unwrap(), None);
        assert_eq!(s.reduce("/a.txt", b"PK\x03\x04").unwrap(), None);
        assert!(s.reduce("/a.jar", b"PK\x03\x04broken").is_err());
    }
}
