//! dvt-spark: the Spark Connect executor (the default configured compute backend).
//!
//! Empty until the Spark Connect backend lands; see the README's roadmap.
