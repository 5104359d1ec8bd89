//! `dvt-io`: the contract between dvt and the databases it reads and writes.
//!
//! The pipeline of dvt-rs is resolve → plan → translate → execute (extract → transform →
//! load). This crate holds what the extract and the load stand on, as `datafusion-catalog`
//! holds `TableProvider`:
//! - [`connector::Connector`]: a database opened natively, in Arrow batches — its catalog, the
//!   rows of a query (one stream or several partitions), DDL through the `dvt-types`
//!   TypeMapper, appending a stream of batches, and swapping a staging table into place.
//!   Implementations live in `dvt-connectors` (one cargo feature per database); a library
//!   user can write their own.
//! - [`load`]: every load is atomic — a staging table, then one swap — with a per-model lock
//!   and a journal that the next run uses to clean up after a crashed one.
//! - [`error::Error`]: the coded errors of both (DVT114, DVT120–DVT123, DVT125).
//! - `arrow58` (feature `arrow58`): record batches to and from Arrow 58, for the clients built
//!   on it (Spark Connect, DuckDB).
//!
//! It depends on `dvt-types` and Arrow only: no project model, no planner, no engine.
//!
//! ```
//! use dvt_io::connector::{TableName, partition_predicates};
//!
//! let t = TableName::new(Some("analytics"), "orders");
//! assert_eq!(t.quoted('"'), "\"analytics\".\"orders\"");
//! // A partitioned extract reads key ranges plus the NULL keys, every row exactly once.
//! let ranges = partition_predicates("\"id\"", Some(1), Some(100), 2);
//! assert_eq!(ranges.last().unwrap(), "\"id\" IS NULL");
//! ```

#[cfg(feature = "arrow58")]
pub mod arrow58;
pub mod connector;
pub mod error;
pub mod load;

pub use connector::{BatchStream, CatalogColumn, CatalogTable, Connector, SchemaStream, TableName};
pub use error::{Error, Result};
