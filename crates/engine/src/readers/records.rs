//! CSV records and the physical lines they occupy. The `csv` crate numbers lines wrongly
//! after blank lines and in CRLF files, and a quoted field that runs over line ends hides
//! the lines it swallows; so records are found here, by a scanner that follows the CSV
//! quoting rules (a quote opens a field only at its start, `""` is a quote inside it) and
//! counts every line end, and each record's fields are then read by `csv_core`.

/// Where the scanner is within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    FieldStart,
    /// Inside a field that did not start with a quote.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: the end of the field, or `""`.
    QuoteInQuoted,
}

/// One record: its bytes (without the line end) and its first and last physical lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    /// Offset of the record's first byte in the scanned buffer.
    pub start: usize,
    /// Offset just past its last byte, line end excluded.
    pub end: usize,
    /// Its first line (1-based).
    pub first_line: u64,
    /// Its last line: later than the first when a quoted field holds line ends.
    pub last_line: u64,
}

impl Record {
    /// The record from `start` to the line end at `newline` (a CR before it dropped).
    fn ending_at(
        buf: &[u8],
        start: usize,
        newline: usize,
        first_line: u64,
        last_line: u64,
    ) -> Record {
        let cr = newline > start && buf[newline - 1] == b'\r';
        Record {
            start,
            end: newline - usize::from(cr),
            first_line,
            last_line,
        }
    }
}

/// Finds records in a stream of chunks, carrying the scan from one chunk to the next (a
/// record that runs over many chunks is scanned once, not again with each chunk).
#[derive(Debug, Clone)]
pub(crate) struct Splitter {
    delimiter: u8,
    /// The state after the bytes already scanned.
    state: State,
    /// The line the next byte to scan is on.
    line: u64,
    /// The line the pending record starts on.
    first_line: u64,
    /// Bytes of the pending record already scanned (at the start of the next buffer).
    scanned: usize,
}

impl Splitter {
    /// A splitter at the start of a file.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            state: State::FieldStart,
            line: 1,
            first_line: 1,
            scanned: 0,
        }
    }

    /// Appends the records that end within `buf` (at a line end outside quotes, or at its
    /// end when `eof`) to `out`, and returns how many bytes they take. The rest is the start
    /// of a record: the caller keeps it at the start of the next buffer, followed by more.
    pub fn split(&mut self, buf: &[u8], eof: bool, out: &mut Vec<Record>) -> usize {
        let mut start = 0;
        let (mut state, mut line, mut first_line) = (self.state, self.line, self.first_line);
        for (i, &b) in buf.iter().enumerate().skip(self.scanned) {
            let ends;
            (state, ends) = step(state, b, self.delimiter);
            if ends {
                out.push(Record::ending_at(buf, start, i, first_line, line));
                (start, first_line) = (i + 1, line + 1);
            }
            if b == b'\n' {
                line += 1;
            }
        }
        if eof && start < buf.len() {
            // A quoted field left open runs to the end: its last line is the file's last.
            let end = if buf.ends_with(b"\r") {
                buf.len() - 1
            } else {
                buf.len()
            };
            let last_line = line - u64::from(buf.ends_with(b"\n"));
            out.push(Record {
                start,
                end,
                first_line,
                last_line,
            });
            start = buf.len();
        }
        (self.state, self.line, self.first_line) = (state, line, first_line);
        self.scanned = buf.len() - start;
        start
    }

    /// The number of lines the file held, once it has been scanned to its end.
    pub fn lines(&self, ended_with_newline: bool) -> u64 {
        self.line - u64::from(ended_with_newline)
    }

    /// The line the record not yet found (the rest of the last buffer) starts on.
    pub fn pending_line(&self) -> u64 {
        self.first_line
    }
}

/// The state after byte `b`, and whether `b` ends a record (a line end outside quotes).
fn step(state: State, b: u8, delimiter: u8) -> (State, bool) {
    let next = match (state, b) {
        (State::Quoted, b'"') => State::QuoteInQuoted,
        (State::Quoted, _) => State::Quoted,
        (State::QuoteInQuoted, b'"') => State::Quoted,
        (State::FieldStart, b'"') => State::Quoted,
        (_, b'\n') => return (State::FieldStart, true),
        (_, d) if d == delimiter => State::FieldStart,
        (_, _) => State::Unquoted,
    };
    (next, false)
}

/// Where the last whole record of `buf` ends (just past its line end), when `buf` starts at
/// the start of a record: the split of a file into chunks that never cuts a quoted field.
/// Without a quote in `buf` that is just past its last line end.
pub(crate) fn last_record_end(buf: &[u8], delimiter: u8) -> Option<usize> {
    if memchr::memchr(b'"', buf).is_none() {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let (mut state, mut end) = (State::FieldStart, None);
    for (i, &b) in buf.iter().enumerate() {
        let ends;
        (state, ends) = step(state, b, delimiter);
        if ends {
            end = Some(i + 1);
        }
    }
    end
}

/// The records of a buffer holding no quote, as [`Splitter::split`] finds them at the end
/// of a file (a record per line, a CR before the line end dropped), found by `memchr`;
/// returns the buffer's line ends.
pub(crate) fn unquoted_records(buf: &[u8], out: &mut Vec<Record>) -> u64 {
    let (mut start, mut line) = (0, 1);
    for i in memchr::memchr_iter(b'\n', buf) {
        out.push(Record::ending_at(buf, start, i, line, line));
        (start, line) = (i + 1, line + 1);
    }
    if start < buf.len() {
        let end = if buf.ends_with(b"\r") {
            buf.len() - 1
        } else {
            buf.len()
        };
        out.push(Record {
            start,
            end,
            first_line: line,
            last_line: line,
        });
    }
    line - 1
}

/// Reads the fields of one record (bytes without the line end) with `csv_core`.
pub(crate) struct Fields {
    reader: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
    delimiter: u8,
    /// Field ends of a record without quotes.
    plain: Vec<usize>,
}

impl Fields {
    /// A field reader for a delimiter; line ends are the splitter's business.
    pub fn new(delimiter: u8) -> Fields {
        let reader = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        Fields {
            reader,
            output: Vec::new(),
            ends: vec![0; 64],
            delimiter,
            plain: Vec::new(),
        }
    }

    /// The fields of a record, unquoted.
    pub fn read<'a>(&'a mut self, record: &[u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
        let (output, ends) = self.split(record);
        ends.iter().scan(0, move |from, &to| {
            let field = &output[*from..to];
            *from = to;
            Some(field)
        })
    }

    /// The fields of a record without a quote, as `split` gives them: cut at each delimiter.
    pub fn split_unquoted<'r>(&mut self, record: &'r [u8]) -> (&'r [u8], &[usize]) {
        self.plain.clear();
        self.plain
            .extend(memchr::memchr_iter(self.delimiter, record));
        self.plain.push(record.len());
        (record, &self.plain)
    }

    /// The fields of a record, unquoted, as one buffer and the end of each field in it.
    pub fn split(&mut self, record: &[u8]) -> (&[u8], &[usize]) {
        self.reader.reset();
        self.output.resize(record.len().max(1), 0);
        let (mut input, mut out, mut nends) = (record, 0, 0);
        loop {
            let (result, nin, nout, nend) =
                self.reader
                    .read_record(input, &mut self.output[out..], &mut self.ends[nends..]);
            (input, out, nends) = (&input[nin..], out + nout, nends + nend);
            match result {
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let more = self.ends.len();
                    self.ends.resize(more * 2, 0);
                }
                csv_core::ReadRecordResult::OutputFull => {
                    let more = self.output.len();
                    self.output.resize(more * 2, 0);
                }
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            }
        }
        (&self.output, &self.ends[..nends])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(text: &str, chunk: usize) -> (Vec<(String, u64, u64)>, u64) {
        let bytes = text.as_bytes();
        let mut splitter = Splitter::new(b',');
        let (mut records, mut pending) = (Vec::new(), Vec::new());
        for piece in bytes.chunks(chunk.max(1)) {
            pending.extend_from_slice(piece);
            let mut found = Vec::new();
            let used = splitter.split(&pending, false, &mut found);
            records.extend(found.iter().map(|r| {
                (
                    String::from_utf8_lossy(&pending[r.start..r.end]).into_owned(),
                    r.first_line,
                    r.last_line,
                )
            }));
            pending.drain(..used);
        }
        let mut found = Vec::new();
        splitter.split(&pending, true, &mut found);
        records.extend(found.iter().map(|r| {
            (
                String::from_utf8_lossy(&pending[r.start..r.end]).into_owned(),
                r.first_line,
                r.last_line,
            )
        }));
        (records, splitter.lines(text.ends_with('\n')))
    }

    #[test]
    fn lines_are_counted_exactly_in_any_chunking() {
        let text = "a,b\r\n1,\"x\ny\"\r\n\r\n3,\"say \"\"hi\"\"\"\nlast,1";
        let expected = vec![
            ("a,b".to_string(), 1, 1),
            ("1,\"x\ny\"".to_string(), 2, 3),
            (String::new(), 4, 4),
            ("3,\"say \"\"hi\"\"\"".to_string(), 5, 5),
            ("last,1".to_string(), 6, 6),
        ];
        for chunk in [1, 2, 3, 5, 7, 64] {
            assert_eq!(
                split_all(text, chunk),
                (expected.clone(), 6),
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn a_stray_quote_swallows_lines_and_says_so() {
        let (records, lines) = split_all("h\n\"oops,1\n2\n3\n", 4);
        assert_eq!(
            records,
            [("h".into(), 1, 1), ("\"oops,1\n2\n3\n".into(), 2, 4)]
        );
        assert_eq!(lines, 4);
    }

    #[test]
    fn chunks_end_at_record_ends_outside_quotes() {
        let text = b"a,b\n1,\"x\ny\"\n2,\"z";
        assert_eq!(last_record_end(text, b','), Some(12));
        assert_eq!(last_record_end(&text[..10], b','), Some(4));
        assert_eq!(last_record_end(b"no end", b','), None);
        assert_eq!(last_record_end(b"1\r\n2\r\n3", b','), Some(6));
        assert_eq!(
            last_record_end(b"x\"y\n", b','),
            Some(4),
            "a quote inside a field is text"
        );
    }

    proptest::proptest! {
        /// Without quotes, lines and delimiters alone make the records and fields.
        #[test]
        fn unquoted_text_is_cut_as_the_scanner_cuts_it(text in "[a,\r\n]{0,40}") {
            let bytes = text.as_bytes();
            let (mut scanned, mut found) = (Vec::new(), Vec::new());
            let mut splitter = Splitter::new(b',');
            splitter.split(bytes, true, &mut scanned);
            let newlines = unquoted_records(bytes, &mut found);
            proptest::prop_assert_eq!(&found, &scanned);
            proptest::prop_assert_eq!(newlines, splitter.lines(true));
            let mut fields = Fields::new(b',');
            // An empty line has no field for csv_core and one for the cut: both are blank.
            for r in found.iter().filter(|r| r.end > r.start) {
                let record = &bytes[r.start..r.end];
                let by_csv: Vec<Vec<u8>> = fields.read(record).map(<[u8]>::to_vec).collect();
                let (out, ends) = fields.split_unquoted(record);
                let cut: Vec<Vec<u8>> = ends
                    .iter()
                    .scan(0, |from, &to| {
                        let f = out[*from..to].to_vec();
                        *from = (to + 1).min(out.len());
                        Some(f)
                    })
                    .collect();
                proptest::prop_assert_eq!(cut, by_csv);
            }
        }
    }

    #[test]
    fn fields_are_unquoted() {
        let mut fields = Fields::new(b',');
        let got: Vec<Vec<u8>> = fields
            .read(b"1,\"a,\"\"b\"\"\",")
            .map(<[u8]>::to_vec)
            .collect();
        assert_eq!(got, [b"1".to_vec(), b"a,\"b\"".to_vec(), Vec::new()]);
    }
}
