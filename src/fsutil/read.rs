//! Reading files: only regular ones, in as few calls as their stat data allows.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// Read a file as UTF-8 text; only a regular file (see [`read_regular`]).
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_regular(path).map_err(|e| Error::io("read", path, e))?;
    String::from_utf8(bytes).map_err(|_| {
        let invalid = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        Error::io("read", path, invalid)
    })
}

/// The bytes of the regular file at `path`. Anything else by that name (a FIFO, a device, a
/// folder) is an error, never a read that waits for a writer or never ends: the file is opened
/// without waiting, and its type is checked before it is read.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    let mut file = options.open(path)?;
    let size = regular_size(&file.metadata()?)?;
    read_all(&mut file, size)
}

/// The size of a regular file; an error for anything else.
pub fn regular_size(metadata: &fs::Metadata) -> std::io::Result<u64> {
    if metadata.is_file() {
        Ok(metadata.len())
    } else {
        Err(not_regular())
    }
}

/// The error for a name that is not a regular file.
pub fn not_regular() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file")
}

/// Everything `file` holds, as a stat taken just before says: the bytes are read into room for one
/// byte more than `size`, and a read that brings exactly `size` bytes ends it, as git reads a file
/// it has stat'ed. One read call for a file that did not change since its stat: the standard
/// library's `read_to_end` would stat the file again, ask its position and read once more to find
/// the end. A file that grew since is read to its end; one that shrank ends where its reads do.
pub fn read_all(file: &mut impl Read, size: u64) -> std::io::Result<Vec<u8>> {
    let room = usize::try_from(size).unwrap_or(usize::MAX).min(1 << 24);
    let mut bytes = vec![0; room + 1];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        if size > 0 && filled as u64 == size {
            break;
        }
    }
    let more = filled == bytes.len();
    bytes.truncate(filled);
    if more {
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's bytes handed out at most `chunk` at a time, counting the read calls.
    struct Reads<'a> {
        bytes: &'a [u8],
        chunk: usize,
        calls: usize,
    }

    impl Read for Reads<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.chunk).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn read(bytes: &[u8], chunk: usize, size: u64) -> (Vec<u8>, usize) {
        let mut file = Reads {
            bytes,
            chunk,
            calls: 0,
        };
        let read = read_all(&mut file, size).unwrap();
        (read, file.calls)
    }

    #[test]
    fn a_file_as_its_stat_says_is_read_in_one_call() {
        assert_eq!(read(b"id: A\n", 1 << 20, 6), (b"id: A\n".to_vec(), 1));
        assert_eq!(read(b"", 1 << 20, 0), (Vec::new(), 1));
    }

    #[test]
    fn short_reads_go_on_until_the_stat_size() {
        assert_eq!(read(b"abcdefg", 2, 7), (b"abcdefg".to_vec(), 4));
    }

    #[test]
    fn a_file_that_grew_or_shrank_since_its_stat_is_read_to_its_end() {
        assert_eq!(read(b"longer now", 1 << 20, 4).0, b"longer now");
        assert_eq!(read(b"grew", 1 << 20, 0).0, b"grew");
        assert_eq!(read(b"abc", 1 << 20, 10).0, b"abc");
    }
}
