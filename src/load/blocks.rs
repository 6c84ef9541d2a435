//! Reading a big CSV table on several cores. The rest of the file is cut
//! into blocks of whole records (each ends at a line break outside quotes),
//! which worker threads split, test on their raw cells, decode and hand to
//! the caller's code, each block into a state of its own; the caller then
//! takes the blocks' states strictly in file order.
//!
//! Only records the fast lane ([`super::csv_scan`]) reads go this way, and
//! only rows that decode. From the first record that is anything else (a
//! `\r`, a blank line, quote trouble, the wrong number of fields, a record
//! over [`MAX_RECORD`], a row that does not decode), the rest of the file
//! goes back to [`CsvRows`], which reads it one record at a time exactly as
//! it would have had it read the file so all along: the same rows, in the
//! same order, on the same lines, and the same first error.

use super::Located;
use super::csv_rows::{CsvRows, RawRow, decode_text};
use super::csv_scan::{MAX_RECORD, Scan, scan};
use crate::model::Record;
use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Bytes a block holds, about, unless `NKPORT_BLOCK_BYTES` says otherwise.
const BLOCK: usize = 1 << 20;

/// The size of blocks, or `None` for no block reading. The hidden
/// environment variable `NKPORT_BLOCK_BYTES` sets it, for tests: a few
/// kilobytes make a small table span many blocks, and `0` turns block
/// reading off, so that the two readings can be compared through the
/// binary. Unset (or not a number), it is [`BLOCK`] when there is more than
/// one core to read with.
fn block_bytes() -> Option<usize> {
    let asked = std::env::var("NKPORT_BLOCK_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok());
    match asked {
        Some(0) => None,
        Some(n) => Some(n),
        None => (cores() > 1).then_some(BLOCK),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What the caller does with a table read in blocks (see
/// [`CsvRows::in_blocks`]).
pub struct BlockWork<'a, T, S, E> {
    /// A fresh state for one block (on the calling thread).
    pub start: &'a mut dyn FnMut() -> S,
    /// Whether a row may be wanted, from its raw cells; rows it rejects are
    /// not decoded (as `next_kept`'s `keep`).
    pub keep: &'a (dyn Fn(&RawRow<'_>) -> bool + Sync),
    /// Takes one decoded row into its block's state (on a worker thread).
    pub each: &'a (dyn Fn(&mut S, Located<T>) + Sync),
    /// Takes the states of the blocks, in file order (on the calling
    /// thread); `Ok(false)` stops the reading after that block.
    pub take: &'a mut dyn FnMut(S) -> Result<bool, E>,
}

/// Cuts the input into blocks.
struct Cutter {
    input: Box<dyn Read>,
    /// Bytes read and not yet in a block (the start of a record).
    carry: Vec<u8>,
    size: usize,
    /// Buffers of blocks taken, to read the next ones into.
    spare: Vec<Vec<u8>>,
}

impl Cutter {
    /// The next block and whether the input ends with it; `None` when no
    /// block can be cut (a read failed, or no line break outside quotes
    /// was found), the bytes read left in `carry`.
    fn next(&mut self) -> Option<(Vec<u8>, bool)> {
        let mut block;
        if self.carry.len() >= self.size {
            // Read before blocks were cut (the fast lane's buffer).
            let rest = self.carry.split_off(self.size);
            block = std::mem::replace(&mut self.carry, rest);
        } else {
            block = self.spare.pop().unwrap_or_default();
            block.clear();
            block.reserve(self.size + 1);
            block.append(&mut self.carry);
            let want = (self.size - block.len()) as u64;
            if (&mut self.input)
                .take(want)
                .read_to_end(&mut block)
                .is_err()
            {
                // Whatever failed is the one-record-at-a-time reader's to report.
                self.carry = block;
                return None;
            }
            if block.len() < self.size {
                return Some((block, true));
            }
        }
        match boundary(&block) {
            Some(end) => {
                let rest = [&block[end..], &self.carry].concat();
                self.carry = rest;
                block.truncate(end);
                Some((block, false))
            }
            None => {
                block.append(&mut self.carry);
                self.carry = block;
                None
            }
        }
    }
}

/// The length of the longest start of `block` (which starts a record) that
/// ends with a line break outside quotes: an even number of `"` before it.
/// Where stray quotes make this wrong, the records before it are not ones
/// the fast lane reads, and the block is not used past them.
fn boundary(block: &[u8]) -> Option<usize> {
    let quotes = |b: &[u8]| memchr::memchr_iter(b'"', b).count();
    let total = quotes(block);
    let mut after = 0;
    let mut end = block.len();
    for i in memchr::memrchr_iter(b'\n', block) {
        after += quotes(&block[i + 1..end]);
        end = i + 1;
        if (total - after) % 2 == 0 {
            return Some(end);
        }
    }
    None
}

/// Reads the records of one block (starting on line `line`) through
/// `keep` and `each`; returns where it stopped short of the end, if it
/// did: at the first record that is not plain, or not decoded.
fn read_block<T: Record, S>(
    bytes: &[u8],
    eof: bool,
    mut line: u64,
    layout: (&[usize], usize),
    keep: &(dyn Fn(&RawRow<'_>) -> bool + Sync),
    each: &(dyn Fn(&mut S, Located<T>) + Sync),
    state: &mut S,
) -> Option<(usize, u64)> {
    let (positions, width) = layout;
    // The fast lane leaves a file with a `\r` to the csv crate.
    if memchr::memchr(b'\r', bytes).is_some() {
        return Some((0, line));
    }
    let mut spans = Vec::with_capacity(width);
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        match scan(rest, eof, &mut spans) {
            Scan::Record { len, lines } if spans.len() == width && len <= MAX_RECORD => {
                if keep(&RawRow::from_spans(rest, &spans, positions)) {
                    let row = std::str::from_utf8(&rest[..len])
                        .ok()
                        .and_then(|text| decode_text::<T>(text, &spans, positions).ok());
                    let Some(row) = row else {
                        return Some((pos, line));
                    };
                    each(state, Located { row, line });
                }
                pos += len;
                line += lines;
            }
            _ => return Some((pos, line)),
        }
    }
    None
}

/// Where block reading left off: the bytes read and not used, then the
/// rest of the input, from line `line`.
struct Rest {
    bytes: Vec<u8>,
    line: u64,
}

impl<T: Record> CsvRows<T> {
    /// Reads the rest of the table in blocks on several threads while its
    /// records are plain (see the module's notes), and then leaves the rest
    /// to [`CsvRows::next_kept`], as if it had read the rows before. Does
    /// nothing (rows are read one at a time) without several cores, on the
    /// csv crate's lane, or when the rest fits in one block. Errors are
    /// `work.take`'s; the table's own are left to `next_kept`.
    pub fn in_blocks<S: Send, E>(&mut self, work: BlockWork<'_, T, S, E>) -> Result<(), E> {
        match block_bytes() {
            Some(size) => self.in_blocks_of(size, cores().clamp(2, 8), work),
            None => Ok(()),
        }
    }

    /// [`CsvRows::in_blocks`] with blocks of `size` bytes and `workers`
    /// threads.
    fn in_blocks_of<S: Send, E>(
        &mut self,
        size: usize,
        workers: usize,
        work: BlockWork<'_, T, S, E>,
    ) -> Result<(), E> {
        let Some((buf, line)) = self.take_fast() else {
            return Ok(());
        };
        let (unread, input) = match buf.into_parts() {
            Ok(parts) => parts,
            Err(buf) => {
                self.resume(buf, line);
                return Ok(());
            }
        };
        let mut cut = Cutter {
            input,
            carry: unread,
            size,
            spare: Vec::new(),
        };
        let first = match cut.next() {
            Some((block, false)) => block,
            Some((block, true)) => {
                self.resume_from(block, cut.input, line);
                return Ok(());
            }
            None => {
                self.resume_from(cut.carry, cut.input, line);
                return Ok(());
            }
        };
        let layout = self.layout();
        let (positions, width) = (layout.0.to_vec(), layout.1);
        match pipeline(&mut cut, first, line, workers, (&positions, width), work) {
            Ok(rest) => {
                let mut bytes = rest.bytes;
                bytes.append(&mut cut.carry);
                self.resume_from(bytes, cut.input, rest.line);
                Ok(())
            }
            Err(e) => {
                self.stop();
                Err(e)
            }
        }
    }
}

/// Runs the blocks through `workers` threads, at most two per thread in
/// flight, taking their states in order. Returns where it left off (before
/// `cut.carry`).
fn pipeline<T: Record, S: Send, E>(
    cut: &mut Cutter,
    first: Vec<u8>,
    line: u64,
    workers: usize,
    layout: (&[usize], usize),
    work: BlockWork<'_, T, S, E>,
) -> Result<Rest, E> {
    let BlockWork {
        start,
        keep,
        each,
        take,
    } = work;
    let most = 2 * workers;
    let cancel = AtomicBool::new(false);
    type Job<S> = (usize, Arc<Vec<u8>>, bool, u64, S);
    let (job_tx, job_rx) = mpsc::channel::<Job<S>>();
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, S, Option<(usize, u64)>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (job_rx, cancel) = (&job_rx, &cancel);
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, bytes, eof, line, mut state)) = job else {
                        break;
                    };
                    let stop = if cancel.load(Ordering::Relaxed) {
                        Some((0, line))
                    } else {
                        read_block(&bytes, eof, line, layout, keep, each, &mut state)
                    };
                    // Before the block is taken, so its buffer can be reused.
                    drop(bytes);
                    if done_tx.send((i, state, stop)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Blocks sent and not yet taken, in order, each with the line after it.
        let mut flight: VecDeque<(Arc<Vec<u8>>, u64)> = VecDeque::new();
        let mut early: HashMap<usize, (S, Option<(usize, u64)>)> = HashMap::new();
        let (mut sent, mut taken) = (0, 0);
        let mut next_line = line;
        let mut first = Some(first);
        let mut reading = true;
        let outcome = loop {
            while reading && flight.len() < most {
                let Some((block, eof)) = first.take().map(|b| (b, false)).or_else(|| cut.next())
                else {
                    reading = false;
                    break;
                };
                let lines = memchr::memchr_iter(b'\n', &block).count() as u64;
                let block = Arc::new(block);
                if job_tx
                    .send((sent, block.clone(), eof, next_line, start()))
                    .is_err()
                {
                    reading = false;
                    break;
                }
                sent += 1;
                next_line += lines;
                flight.push_back((block, next_line));
                reading = !eof;
            }
            if flight.is_empty() {
                break Ok(Rest {
                    bytes: Vec::new(),
                    line: next_line,
                });
            }
            let done = loop {
                if let Some(done) = early.remove(&taken) {
                    break Some(done);
                }
                match done_rx.recv() {
                    Ok((i, state, stop)) => {
                        early.insert(i, (state, stop));
                    }
                    // The workers are gone (a panic, which the scope passes on).
                    Err(_) => break None,
                }
            };
            let (Some((state, stop)), Some((block, end_line))) = (done, flight.pop_front()) else {
                break Ok(Rest {
                    bytes: Vec::new(),
                    line: next_line,
                });
            };
            taken += 1;
            let more = match take(state) {
                Ok(more) => more,
                Err(e) => break Err(e),
            };
            let rest = match stop {
                Some((at, line)) => Some((block[at..].to_vec(), line)),
                None if !more => Some((Vec::new(), end_line)),
                None => None,
            };
            if let Some((mut bytes, line)) = rest {
                // The blocks after it, read but not used, go back too.
                for (b, _) in &flight {
                    bytes.extend_from_slice(b);
                }
                break Ok(Rest { bytes, line });
            }
            if let Ok(buffer) = Arc::try_unwrap(block) {
                cut.spare.push(buffer);
            }
        };
        cancel.store(true, Ordering::Relaxed);
        drop(job_tx);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dock;
    use std::io::Cursor;

    #[test]
    fn boundaries_are_line_breaks_outside_quotes() {
        assert_eq!(boundary(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(boundary(b"a,\"b\nc\"\nd,\"e\nf"), Some(8));
        assert_eq!(boundary(b"a,\"b\"\"\nc\"\n"), Some(10));
        assert_eq!(boundary(b"a,\"b\nc\nd"), None);
        assert_eq!(boundary(b"abc"), None);
    }

    /// A docks table of `n` rows, every third with notes quoted over
    /// several lines, holding commas and doubled quotes.
    fn docks(n: usize) -> Vec<u8> {
        let mut t = String::from("id,port,label,certainty,notes\n");
        for i in 0..n {
            let notes = if i % 3 == 0 {
                format!("\"dock {i},\nwith \"\"quotes\"\",\n\nand lines\"")
            } else {
                format!("dock {i}")
            };
            t.push_str(&format!("d{i},p{},{i},stated,{notes}\n", i % 17));
        }
        t.into_bytes()
    }

    /// The rows `keep` keeps, as (line, row), read one at a time, and read
    /// in blocks of `size` bytes, with how many were left to one at a time.
    fn both(bytes: &[u8], size: usize) -> (Vec<String>, Vec<String>, usize) {
        let keep = |raw: &RawRow<'_>| raw.cell(0).is_some_and(|id| !id.ends_with('5'));
        let show = |r: Located<Dock>| format!("{}: {:?}", r.line, r.row);
        let open =
            || CsvRows::<Dock>::open(Box::new(Cursor::new(bytes.to_vec())), "t.csv").unwrap();
        let mut one = open();
        let mut want = Vec::new();
        let shown = |r: Result<Located<Dock>, super::super::DataError>| match r {
            Ok(r) => show(r),
            Err(e) => format!("error: {e}"),
        };
        while let Some(r) = one.next_kept(&mut |raw| keep(raw)) {
            want.push(shown(r));
        }
        let mut rows = open();
        let mut got = Vec::new();
        rows.in_blocks_of(
            size,
            2,
            BlockWork {
                start: &mut Vec::new,
                keep: &keep,
                each: &|v: &mut Vec<String>, r| v.push(show(r)),
                take: &mut |v| {
                    got.extend(v);
                    Ok::<_, ()>(true)
                },
            },
        )
        .unwrap();
        let mut left = 0;
        while let Some(r) = rows.next_kept(&mut |raw| keep(raw)) {
            got.push(shown(r));
            left += 1;
        }
        (want, got, left)
    }

    /// Plain records, some spanning lines, are all read in blocks, with
    /// the rows and lines of reading them one at a time (a block boundary
    /// put anywhere else would leave the rest to be read one at a time).
    #[test]
    fn plain_records_are_all_read_in_blocks() {
        let bytes = docks(3000);
        for size in [200, 997, 4096, 1 << 16] {
            let (want, got, left) = both(&bytes, size);
            assert!(want.len() > 2000);
            assert_eq!(got, want, "blocks of {size}");
            assert_eq!(left, 0, "blocks of {size}: rows left to read one at a time");
        }
        // Blocks smaller than a record: no block is cut, nothing changes.
        let (want, got, left) = both(&bytes, 20);
        assert_eq!(got, want);
        assert_eq!(left, want.len());
    }

    /// From an unusual record on, rows are read one at a time: the same
    /// rows, lines and errors.
    #[test]
    fn unusual_records_are_left_to_reading_one_at_a_time() {
        // Past the first 256 KiB, which the fast lane reads before blocks.
        let plain = String::from_utf8(docks(20_000)).unwrap();
        let at = plain.find("\nd15000,").unwrap() + 1;
        for odd in [
            "\n",
            "d15000x,p,1,stated,\r\n",
            "d15000y,p,1,sure,\n",
            "d15000z,p,1,stated,,\n",
            "d15000w,p,1,stated,\"never closed\n",
        ] {
            let bytes = [&plain[..at], odd, &plain[at..]].concat().into_bytes();
            for size in [997, 4096] {
                let (want, got, left) = both(&bytes, size);
                assert_eq!(got, want, "{odd:?} in blocks of {size}");
                assert!(left > 0 && left < want.len() / 2, "{odd:?}: {left} left");
            }
        }
    }
}
