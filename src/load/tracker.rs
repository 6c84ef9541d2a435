//! Watches the bytes a CSV reader consumes, to give true line numbers
//! (whatever the line ends: LF, CRLF or CR) and to notice a quote that is
//! opened and never closed.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::rc::Rc;

/// What the tracker has seen so far.
#[derive(Debug, Default)]
pub struct Seen {
    /// Byte offsets just after each line break not yet passed by a record.
    breaks: VecDeque<u64>,
    /// Line breaks already passed.
    passed: u64,
    /// `"` bytes seen.
    pub quotes: u64,
    /// Bytes seen.
    pub offset: u64,
    /// Whether the end of the input has been reached.
    pub eof: bool,
    /// Bytes skipped before the CSV reader starts (a byte-order mark).
    pub skip: u64,
    last_cr: bool,
}

impl Seen {
    /// Nothing seen yet, of input that starts on line `line`.
    pub fn from_line(line: u64) -> Seen {
        Seen {
            passed: line.saturating_sub(1),
            ..Seen::default()
        }
    }

    /// The 1-based line of the byte at `offset` (offsets must not go back).
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let offset = offset + self.skip;
        while self.breaks.front().is_some_and(|&b| b <= offset) {
            self.breaks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// The longest line read: a longer one is an error, so that one line of
/// millions of fields cannot make the CSV reader hold millions of field
/// bounds (its memory stays a small multiple of this).
pub const MAX_LINE: u64 = 16 << 20;

/// A reader that records line breaks and quotes as bytes pass through it,
/// and fails on a line longer than [`MAX_LINE`].
pub struct Tracker<R> {
    inner: R,
    seen: Rc<RefCell<Seen>>,
    /// Bytes since the last line break.
    line_len: u64,
}

impl<R: Read> Tracker<R> {
    /// Wraps `inner`; `seen` is shared with whoever asks for lines.
    pub fn new(inner: R, seen: Rc<RefCell<Seen>>) -> Tracker<R> {
        Tracker {
            inner,
            seen,
            line_len: 0,
        }
    }
}

impl<R: Read> Read for Tracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut s = self.seen.borrow_mut();
        if n == 0 && !buf.is_empty() {
            s.eof = true;
        }
        let start = s.offset;
        let chunk = &buf[..n];
        let first = memchr::memchr2(b'\n', b'\r', chunk);
        let last = memchr::memrchr2(b'\n', b'\r', chunk);
        let longest = self.line_len + first.unwrap_or(n) as u64;
        self.line_len = last.map_or(longest, |l| (n - l - 1) as u64);
        if longest.max(self.line_len) > MAX_LINE {
            return Err(io::Error::other(format!(
                "a line longer than {} MiB: expected lines of at most that",
                MAX_LINE >> 20
            )));
        }
        // Counted over the whole chunk at once (the compiler vectorises it).
        s.quotes += chunk.iter().filter(|&&b| b == b'"').count() as u64;
        for i in memchr::memchr2_iter(b'\n', b'\r', chunk) {
            let after_cr = if i == 0 {
                s.last_cr
            } else {
                chunk[i - 1] == b'\r'
            };
            // The `\n` of a CRLF: the break was counted at the `\r` (the
            // csv reader may report the next record as starting here).
            if chunk[i] == b'\r' || !after_cr {
                s.breaks.push_back(start + i as u64 + 1);
            }
        }
        if let Some(&last) = chunk.last() {
            s.last_cr = last == b'\r';
        }
        s.offset += n as u64;
        Ok(n)
    }
}
