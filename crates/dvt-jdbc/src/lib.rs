//! JDBC layer (filled in by the JDBC work).
