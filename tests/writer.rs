//! The package writer (`load::write`) is the reader's inverse: every table of
//! the shipped package, written as CSV and read back, gives the same
//! records. Test fixtures and `synth` rely on it.

mod common;

use nkport::dataset::Dataset;
use nkport::load::Package;
use nkport::model::{Record, Table, TableFn};

/// Whether table `T` holds the same rows in both datasets.
struct Same<'a>(&'a Dataset, &'a Dataset);

impl TableFn for Same<'_> {
    type Out = Result<usize, String>;
    fn call<T: Record>(self) -> Self::Out {
        let (a, b) = (self.0.rows::<T>(), self.1.rows::<T>());
        if a.len() != b.len() {
            return Err(format!(
                "{}: {} rows, read back {}",
                T::TABLE,
                a.len(),
                b.len()
            ));
        }
        // Records compare by their Debug form (`Record` does not ask for `PartialEq`).
        match a
            .iter()
            .zip(b)
            .find(|(x, y)| format!("{x:?}") != format!("{y:?}"))
        {
            Some((x, y)) => Err(format!("{}: wrote {x:?}\nread back {y:?}", T::TABLE)),
            None => Ok(a.len()),
        }
    }
}

#[test]
fn written_tables_read_back_as_the_same_records() {
    let shipped = Dataset::load(&Package::Embedded).unwrap();
    let dir = tempfile::tempdir().unwrap();
    shipped.write_csv(dir.path()).unwrap();
    let back = Dataset::load(&Package::new(Some(dir.path().to_path_buf()))).unwrap();
    for t in Table::ALL {
        let rows = t.dispatch(Same(&shipped, &back)).unwrap();
        assert!(rows > 0, "{t} is empty: the test would prove nothing");
    }
    // And `check` finds the written package as sound as the shipped one.
    let out = common::ok(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert!(out.contains("ok: no problems found"), "{out}");
}
