//! GeoJSON (RFC 7946): a FeatureCollection, ports and places as points,
//! routes as lines through their points, coordinates in (longitude,
//! latitude) order, every other column (provenance included) in properties.

use super::json::write_object;
use super::{Geometry, Head, Sink};
use crate::model::Value;
use std::io::{self, Write};

/// A GeoJSON writer.
#[derive(Default)]
pub struct GeoJsonSink {
    keys: Vec<String>,
    rows: usize,
}

impl Sink for GeoJsonSink {
    fn header(&mut self, w: &mut dyn Write, heads: &[Head]) -> io::Result<()> {
        self.keys = heads.iter().map(|h| h.name.clone()).collect();
        w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
    }

    fn row(
        &mut self,
        w: &mut dyn Write,
        cells: &[Value<'_>],
        geometry: Option<&Geometry>,
    ) -> io::Result<()> {
        w.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        w.write_all(b"{\"type\":\"Feature\",\"geometry\":")?;
        match geometry {
            Some(Geometry::Point(p)) => write!(
                w,
                "{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
                p[0], p[1]
            )?,
            Some(Geometry::Line(pts)) => {
                w.write_all(b"{\"type\":\"LineString\",\"coordinates\":[")?;
                for (i, p) in pts.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    write!(w, "[{},{}]", p[0], p[1])?;
                }
                w.write_all(b"]}")?;
            }
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"properties\":")?;
        write_object(w, &self.keys, cells)?;
        w.write_all(b"}")?;
        self.rows += 1;
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(if self.rows == 0 { b"]}\n" } else { b"\n]}\n" })
    }
}
