//! nkport: a source-cited dataset on North Korea's ports and cross-border
//! trade, and the library behind the `nkport` command.
//!
//! Data flows one way: files → typed records ([`model`], read by [`load`]) →
//! a checked, indexed [`dataset`] ([`check`]) → a query → rows in a format.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dataset;
pub mod date;
pub mod fold;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod query;
pub mod row;
pub mod signals;
pub mod time;
pub mod timeline;
pub mod usage;
