//! The fast lane of CSV reading: splits plain, well-formed records in a
//! buffer of its own with `memchr`, so that rows a filter rejects cost a
//! scan and nothing more.
//!
//! It only takes records whose reading is beyond doubt: LF line ends, each
//! field either unquoted without any `"`, or quoted with its closing quote
//! right before a `,`, the line end or the end of the file, and as many
//! fields as the header. Anything else (CR or CRLF line ends, blank lines,
//! stray or unclosed quotes, wrong field counts, very long records) is
//! [`Scan::Odd`]: the caller hands that record and the rest of the file to
//! the csv crate, which reads, and reports on, everything the same way the
//! whole file would have been read by it.

use std::io::{self, Read};

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 18;

/// Records longer than this go to the csv crate (so a quote that is never
/// closed is not buffered twice).
pub const MAX_RECORD: usize = 1 << 20;

/// One field of a scanned record: its bytes in the buffer, without quotes.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Quoted and holding `""` (the text needs unescaping).
    pub escaped: bool,
}

/// What the buffer holds next.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// A whole record of `len` bytes (with its line end) spanning `lines`
    /// lines; its fields are in the span list.
    Record {
        /// Bytes, line end included.
        len: usize,
        /// Lines it spans (more than one when a quoted field holds breaks).
        lines: u64,
    },
    /// The record continues past the bytes read: read more.
    More,
    /// Not a record the fast lane reads: leave it to the csv crate.
    Odd,
    /// The end of the input.
    End,
}

/// Input read into a buffer of its own.
pub struct Buffer {
    inner: Box<dyn Read>,
    buf: Vec<u8>,
    /// Start of the unread bytes.
    pub start: usize,
    end: usize,
    eof: bool,
    /// A `\r` has been read: leave the rest to the csv crate.
    cr: bool,
}

impl Buffer {
    /// A buffer over `inner`, nothing read yet.
    pub fn new(inner: Box<dyn Read>) -> Buffer {
        Buffer {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            cr: false,
        }
    }

    /// The bytes read and not yet consumed.
    pub fn unread(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Reads once more from the input (moving unread bytes to the front,
    /// growing the buffer when full). Returns how many bytes came.
    pub fn fill(&mut self) -> io::Result<usize> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.eof = true;
        } else if memchr::memchr(b'\r', &self.buf[self.end..self.end + n]).is_some() {
            self.cr = true;
        }
        self.end += n;
        Ok(n)
    }

    /// Consumes `n` bytes.
    pub fn consume(&mut self, n: usize) {
        self.start += n;
    }

    /// Finds the next record's fields, filling `spans` (offsets into
    /// [`Buffer::unread`]).
    pub fn scan(&self, spans: &mut Vec<Span>) -> Scan {
        let bytes = self.unread();
        if bytes.is_empty() && self.eof {
            return Scan::End;
        }
        if self.cr {
            return Scan::Odd;
        }
        match scan(bytes, self.eof, spans) {
            Scan::More if bytes.len() > MAX_RECORD => Scan::Odd,
            s => s,
        }
    }

    /// Gives up the buffer: the unread bytes, then the rest of the input.
    pub fn into_rest(self) -> Box<dyn Read> {
        let rest = self.buf[self.start..self.end].to_vec();
        Box::new(io::Cursor::new(rest).chain(self.inner))
    }

    /// Gives up the buffer as its unread bytes and the input after them;
    /// keeps it (`Err`) once a `\r` has been read (the rest is the csv
    /// crate's) or the end of the input reached.
    pub fn into_parts(self) -> Result<(Vec<u8>, Box<dyn Read>), Buffer> {
        if self.cr || self.eof {
            return Err(self);
        }
        let unread = self.buf[self.start..self.end].to_vec();
        Ok((unread, self.inner))
    }
}

/// Scans one record at the start of `bytes` (see [`Scan`]); `eof` says
/// whether the input ends with them. The caller checks for `\r` and
/// [`MAX_RECORD`] ([`Buffer::scan`] does).
pub fn scan(bytes: &[u8], eof: bool, spans: &mut Vec<Span>) -> Scan {
    spans.clear();
    if bytes.is_empty() {
        return if eof { Scan::End } else { Scan::More };
    }
    if bytes[0] == b'\n' {
        // A blank line: the csv crate skips it.
        return Scan::Odd;
    }
    // The common case: a line without quotes is a record, its fields split
    // at every comma.
    let line_end = memchr::memchr(b'\n', bytes);
    let line = &bytes[..line_end.unwrap_or(bytes.len())];
    if (line_end.is_some() || eof) && memchr::memchr(b'"', line).is_none() {
        let mut start = 0;
        for comma in memchr::memchr_iter(b',', line) {
            spans.push(Span {
                start,
                end: comma,
                escaped: false,
            });
            start = comma + 1;
        }
        spans.push(Span {
            start,
            end: line.len(),
            escaped: false,
        });
        let len = line_end.map_or(bytes.len(), |n| n + 1);
        return Scan::Record { len, lines: 1 };
    }
    let mut lines = 1;
    let mut pos = 0;
    loop {
        if bytes.get(pos) == Some(&b'"') {
            let mut from = pos + 1;
            let mut escaped = false;
            let close = loop {
                let Some(i) = memchr::memchr(b'"', &bytes[from..]) else {
                    return if eof { Scan::Odd } else { Scan::More };
                };
                let at = from + i;
                match bytes.get(at + 1) {
                    Some(b'"') => {
                        escaped = true;
                        from = at + 2;
                    }
                    None if !eof => return Scan::More,
                    _ => break at,
                }
            };
            let text = &bytes[pos + 1..close];
            lines += text.iter().filter(|&&b| b == b'\n').count() as u64;
            spans.push(Span {
                start: pos + 1,
                end: close,
                escaped,
            });
            match bytes.get(close + 1) {
                None => {
                    return Scan::Record {
                        len: close + 1,
                        lines,
                    };
                }
                Some(b',') => pos = close + 2,
                Some(b'\n') => {
                    return Scan::Record {
                        len: close + 2,
                        lines,
                    };
                }
                Some(_) => return Scan::Odd,
            }
        } else {
            let rest = &bytes[pos..];
            match memchr::memchr3(b',', b'\n', b'"', rest) {
                None if !eof => return Scan::More,
                None => {
                    spans.push(Span {
                        start: pos,
                        end: bytes.len(),
                        escaped: false,
                    });
                    return Scan::Record {
                        len: bytes.len(),
                        lines,
                    };
                }
                Some(i) => {
                    let at = pos + i;
                    match bytes[at] {
                        b',' => {
                            spans.push(Span {
                                start: pos,
                                end: at,
                                escaped: false,
                            });
                            pos = at + 1;
                        }
                        b'\n' => {
                            spans.push(Span {
                                start: pos,
                                end: at,
                                escaped: false,
                            });
                            return Scan::Record { len: at + 1, lines };
                        }
                        // A quote inside an unquoted field.
                        _ => return Scan::Odd,
                    }
                }
            }
        }
    }
}

/// The text of a quoted field with `""` unescaped, into `out`.
pub fn unescape(text: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut quote = false;
    for &b in text {
        if b == b'"' && quote {
            quote = false;
            continue;
        }
        quote = b == b'"';
        out.push(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(input: &str, eof: bool) -> (Scan, Vec<String>) {
        let mut spans = Vec::new();
        let s = scan(input.as_bytes(), eof, &mut spans);
        let f = spans
            .iter()
            .map(|sp| {
                let mut out = Vec::new();
                unescape(&input.as_bytes()[sp.start..sp.end], &mut out);
                String::from_utf8(out).unwrap()
            })
            .collect();
        (s, f)
    }

    #[test]
    fn plain_and_quoted_records() {
        let (s, f) = fields("a,b,c\nx", false);
        assert_eq!(s, Scan::Record { len: 6, lines: 1 });
        assert_eq!(f, ["a", "b", "c"]);
        let (s, f) = fields("a,\"b,\"\"q\"\"\nz\",\nx", false);
        assert_eq!(s, Scan::Record { len: 15, lines: 2 });
        assert_eq!(f, ["a", "b,\"q\"\nz", ""]);
        let (s, f) = fields("a,b", true);
        assert_eq!(s, Scan::Record { len: 3, lines: 1 });
        assert_eq!(f, ["a", "b"]);
        let (s, f) = fields("a,\"b\"", true);
        assert_eq!(s, Scan::Record { len: 5, lines: 1 });
        assert_eq!(f, ["a", "b"]);
        let (s, f) = fields("a,", true);
        assert_eq!(s, Scan::Record { len: 2, lines: 1 });
        assert_eq!(f, ["a", ""]);
    }

    #[test]
    fn doubtful_records_are_odd_or_need_more() {
        assert_eq!(fields("a,b", false).0, Scan::More);
        assert_eq!(fields("a,\"b", false).0, Scan::More);
        assert_eq!(fields("a,\"b\"", false).0, Scan::More);
        assert_eq!(fields("a,\"b", true).0, Scan::Odd);
        assert_eq!(fields("a,\"b\"\"", true).0, Scan::Odd);
        assert_eq!(fields("a,b\"c\n", true).0, Scan::Odd);
        assert_eq!(fields("a,\"b\"c\n", true).0, Scan::Odd);
        assert_eq!(fields("\na,b\n", true).0, Scan::Odd);
        assert_eq!(fields("", true).0, Scan::End);
    }
}
